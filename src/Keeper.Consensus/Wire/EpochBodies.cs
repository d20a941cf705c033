using System.Text;
using Keeper.Protocol.Jute;

namespace Keeper.Consensus.Wire;

/// <summary>LEADERINFO data: the leader's protocol version (int, 0x10000). The zxid is newEpoch &lt;&lt; 32.</summary>
internal static class LeaderInfoBody
{
    public static byte[] Encode(int protocolVersion = LearnerInfo.Zab10) => IntBody(protocolVersion);

    public static int Decode(byte[]? data) => BodyReader.Int(BodyReader.Require(data, 4, "LEADERINFO"), 0);

    internal static byte[] IntBody(int value)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}

/// <summary>
/// ACKEPOCH data: the learner's currentEpoch as an int (Learner casts the long down), or -1 when it had already
/// accepted this epoch, which tells the leader not to count it as an ack. The zxid is its lastLoggedZxid.
/// </summary>
internal static class AckEpochBody
{
    public const int AlreadyAccepted = -1;

    public static byte[] Encode(int currentEpoch) => LeaderInfoBody.IntBody(currentEpoch);

    public static int Decode(byte[]? data) => BodyReader.Int(BodyReader.Require(data, 4, "ACKEPOCH"), 0);
}

/// <summary>
/// NEWLEADER data: the leader's last-seen QuorumVerifier as UTF-8 text, or null for pre-1.0 learners.
/// Learner only treats it as a config when it is longer than one byte, so that is the rule here too.
/// </summary>
internal static class NewLeaderBody
{
    public static byte[] Encode(string config) => Encoding.UTF8.GetBytes(config);

    public static string? DecodeConfig(byte[]? data)
    {
        if (data is null || data.Length <= 1) return null;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data);
        }
        catch (DecoderFallbackException e)
        {
            throw new WireFormatException("NEWLEADER config is not UTF-8", e);
        }
    }
}

/// <summary>
/// COMMITANDACTIVATE data: the designated leader's sid (8 bytes) for a reconfig commit. The zxid is the
/// reconfig txn's.
/// </summary>
internal static class CommitAndActivateBody
{
    public static byte[] Encode(long designatedLeader)
    {
        using var writer = new JuteWriter(8);
        writer.WriteLong(designatedLeader);
        return writer.ToArray();
    }

    public static long Decode(byte[]? data) => BodyReader.Long(BodyReader.Require(data, 8, "COMMITANDACTIVATE"), 0);
}

/// <summary>INFORMANDACTIVATE data: the designated leader's sid, then the proposal bytes (see <see cref="ProposalBody"/>).</summary>
internal static class InformAndActivateBody
{
    public static byte[] Encode(long designatedLeader, ReadOnlySpan<byte> proposal)
    {
        using var writer = new JuteWriter(8 + proposal.Length);
        writer.WriteLong(designatedLeader);
        writer.WriteRaw(proposal);
        return writer.ToArray();
    }

    /// <summary>The proposal part is a slice of <paramref name="data"/>, not a copy.</summary>
    public static (long DesignatedLeader, ReadOnlyMemory<byte> Proposal) Decode(byte[]? data)
    {
        var span = BodyReader.Require(data, 8, "INFORMANDACTIVATE");
        return (BodyReader.Long(span, 0), data.AsMemory(8));
    }
}
