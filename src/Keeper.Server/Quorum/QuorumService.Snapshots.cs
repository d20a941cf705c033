using Keeper.Core;
using Keeper.Protocol.Records;
using Keeper.Storage.Digest;
using Keeper.Storage.Recovery;
using Keeper.Storage.Snapshots;

namespace Keeper.Server.Quorum;

/// <summary>SNAP sync both ways, and rebuilding the state from disk after a TRUNC.</summary>
internal sealed partial class QuorumService
{
    /// <summary>
    /// Leader: SNAP(zxid) and then the whole state, written now — every commit before this action is applied
    /// and none after it, so the tree is exactly the state at <paramref name="zxid"/>. The learner is sent the
    /// proposals after it next, in order, on the same link.
    /// </summary>
    private void SendSnapshot(long connection, long zxid)
    {
        if (!_learnerLinks.TryGetValue(connection, out var link)) return;
        var state = _sequencer.State;
        using var buffer = new MemoryStream();
        buffer.Write(new Consensus.Wire.QuorumPacket(Consensus.Wire.QuorumPacketType.Snap, zxid).Encode());
        SnapStream.Write(buffer, state.Tree, state.Sessions.Sessions.Select(s => (s.Id, s.Timeout)).ToList());
        Log.Info($"Sending snapshot 0x{zxid:x} ({state.Tree.NodeCount} nodes, {buffer.Length} bytes) to {link.Name}");
        link.SendRaw(buffer.ToArray());
    }

    /// <summary>Learner, on the link's reader thread: the stream right after SNAP.</summary>
    private LoadedSnapStream ReadSnapshot(Stream stream) => SnapStream.Read(stream, _settings.MaxBuffer);

    /// <summary>
    /// Learner: the leader's state replaces ours. It is saved as snapshot.&lt;zxid&gt; first and the log cut after
    /// zxid, so a restart recovers exactly it; then SNAP goes to the Zab core.
    /// </summary>
    private void OnSnapshot(long zxid, LoadedSnapStream snapshot)
    {
        Log.Info($"Getting a snapshot from the leader 0x{zxid:x} ({snapshot.NodeCount} nodes)");
        _uncommitted.Clear();
        _log.TruncateAfter(_layout, zxid);
        ForgetProposedMemberships(zxid);
        var digest = new ZxidDigest(zxid, SnapshotFormat.DigestVersion, DigestCalculator.Compute(snapshot.Tree));
        snapshot.SaveAsSnapshot(_layout, zxid, digest);
        var options = _sequencer.State.Options;
        _sequencer.ReplaceState(new StateMachine(options, Pipeline.Sequencer.Now, snapshot.Tree, snapshot.Sessions, zxid));
        Peer.LeaderMessage(new Consensus.Zab.Snap(zxid), Pipeline.Sequencer.Now);
    }

    /// <summary>The state as the data dir holds it now (after a TRUNC).</summary>
    private StateMachine RecoverState()
    {
        var recovered = DataDirRecovery.Load(_layout);
        Log.Info($"Reloaded the data dir: zxid 0x{recovered.LastZxid:x}, {recovered.Tree.NodeCount} nodes");
        return new StateMachine(_sequencer.State.Options, Pipeline.Sequencer.Now, recovered.Tree, recovered.Sessions, recovered.LastZxid);
    }
}
