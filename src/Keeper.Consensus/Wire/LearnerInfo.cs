using Keeper.Protocol.Jute;

namespace Keeper.Consensus.Wire;

/// <summary>
/// The data of FOLLOWERINFO / OBSERVERINFO: the jute record LearnerInfo (serverid:long, protocolVersion:int,
/// configVersion:long), 20 bytes. The packet's zxid is acceptedEpoch &lt;&lt; 32.
/// </summary>
internal readonly record struct LearnerInfo(long Sid, int ProtocolVersion, long? ConfigVersion)
{
    /// <summary>Zab 1.0 (3.4+): the learner expects LEADERINFO/ACKEPOCH.</summary>
    public const int Zab10 = 0x10000;

    /// <summary>What LearnerHandler assumes when the body has no version: a pre-1.0 learner.</summary>
    public const int PreZab10 = 0x1;

    public const int Length = 20;

    public static LearnerInfo Current(long sid, long configVersion) => new(sid, Zab10, configVersion);

    public byte[] Encode()
    {
        using var writer = new JuteWriter(Length);
        writer.WriteLong(Sid);
        writer.WriteInt(ProtocolVersion);
        writer.WriteLong(ConfigVersion ?? 0);
        return writer.ToArray();
    }

    /// <summary>
    /// Reads the body as the leader's LearnerHandler does: sid from 8 bytes, version from 12 (else
    /// <see cref="PreZab10"/>), config version from 20 (else null), extra bytes ignored. Null data is legal
    /// there (the leader invents a sid), so it returns null; 1..7 bytes, which Apache would read as sid 0, is
    /// rejected as a broken peer.
    /// </summary>
    public static LearnerInfo? Decode(byte[]? data)
    {
        if (data is null) return null;
        var span = BodyReader.Require(data, 8, "LearnerInfo");
        long sid = BodyReader.Long(span, 0);
        int version = span.Length >= 12 ? BodyReader.Int(span, 8) : PreZab10;
        long? configVersion = span.Length >= Length ? BodyReader.Long(span, 12) : null;
        return new LearnerInfo(sid, version, configVersion);
    }
}
