using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client.Connection;

internal sealed partial class Session
{
    /// <summary>Java's SET_WATCHES_MAX_LENGTH: path characters per SetWatches packet.</summary>
    private const int SetWatchesMaxLength = 128 * 1024;

    /// <summary>
    /// What Java's primeConnection queues ahead of everything else once the handshake succeeded: every
    /// auth info ever added (xid -4), then the watches to re-register as SetWatches, or SetWatches2 when
    /// a batch holds persistent watches, relative to the last zxid seen so the server fires what was
    /// missed while disconnected.
    /// </summary>
    private List<Packet> BuildPriming()
    {
        var priming = new List<Packet>();
        lock (_authInfo)
            foreach (var auth in _authInfo) priming.Add(new InternalPacket(OpCode.Auth, auth, PacketRoute.Auth));

        var watches = Watches.Snapshot();
        if (watches.IsEmpty) return priming;

        long relativeZxid = LastZxid;
        var lists = new[] { watches.Data, watches.Exist, watches.Child, watches.Persistent, watches.PersistentRecursive };
        int list = 0, index = 0;
        while (list < lists.Length)
        {
            var batch = new List<string>[] { [], [], [], [], [] };
            int length = 0, count = 0;
            // Like Java, a batch may pass the limit by its last path.
            while (length < SetWatchesMaxLength && list < lists.Length)
            {
                if (index >= lists[list].Count) { list++; index = 0; continue; }
                string path = Chroot.Prepend(lists[list][index++]);
                batch[list].Add(path);
                length += path.Length;
                count++;
            }
            if (count == 0) break;
            IJuteRecord record = batch[3].Count == 0 && batch[4].Count == 0
                ? new SetWatches(relativeZxid, batch[0], batch[1], batch[2])
                : new SetWatches2(relativeZxid, batch[0], batch[1], batch[2], batch[3], batch[4]);
            var opCode = record is SetWatches ? OpCode.SetWatches : OpCode.SetWatches2;
            priming.Add(new InternalPacket(opCode, record, PacketRoute.Normal));
        }
        return priming;
    }
}
