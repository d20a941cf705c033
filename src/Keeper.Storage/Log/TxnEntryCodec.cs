using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Storage.Digest;

namespace Keeper.Storage.Log;

/// <summary>
/// The entry bytes of a log entry (Util.marshallTxnEntry / SerializeUtils.deserializeTxn): TxnHeader, the
/// txn record (none for some closeSessions of old logs) and, when digests are on, TxnDigest(2, treeDigest).
/// The same bytes travel in quorum PROPOSAL packets.
/// </summary>
public static class TxnEntryCodec
{
    public static void Write(JuteWriter writer, in TxnHeader header, IJuteRecord? body, long? treeDigest)
    {
        header.Write(writer);
        body?.Write(writer);
        if (treeDigest is { } digest) new TxnDigest(DigestCalculator.DigestVersion, digest).Write(writer);
    }

    /// <summary>Parses entry bytes; throws <see cref="JuteException"/> when they are not a valid txn.</summary>
    public static (TxnHeader Header, IJuteRecord? Body, TxnDigest? Digest) Read(ReadOnlySpan<byte> entry,
        int maxLength = TxnLogFormat.DefaultMaxEntrySize)
    {
        var reader = new JuteReader(entry, maxLength);
        var header = TxnHeader.Read(ref reader);
        var body = ReadBody(header.Type, ref reader);
        // As ZooKeeper: the digest is there if bytes remain for it; anything shorter is ignored.
        TxnDigest? digest = reader.Remaining >= TxnLogFormat.TxnDigestSize ? TxnDigest.Read(ref reader) : null;
        return (header, body, digest);
    }

    // Unlike SerializeUtils.deserializeTxn this also reads a top-level check txn: a 3.8 server logs one for a
    // standalone check request, which its own reader then refuses. A closeSession with no body (old logs,
    // or closeSessionTxn disabled) reads as an empty list: "delete all the session's ephemerals".
    private static IJuteRecord? ReadBody(OpCode type, ref JuteReader reader) => TxnRecords.ReadBody(type, ref reader);
}
