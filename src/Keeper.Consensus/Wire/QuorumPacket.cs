using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Consensus.Wire;

/// <summary>
/// The jute record every quorum-port message is (zookeeper.jute QuorumPacket): type:int, zxid:long,
/// data:buffer, authinfo:vector&lt;Id&gt;. Null data and null authinfo are written as length -1 and read
/// back as null, distinct from empty, because Apache's handlers tell them apart (a FOLLOWERINFO with null
/// data gets a made-up sid; NEWLEADER with null data means "no config"). Only REQUEST carries authinfo.
/// </summary>
internal sealed record QuorumPacket(QuorumPacketType Type, long Zxid, byte[]? Data = null, IReadOnlyList<Id>? AuthInfo = null)
{
    /// <summary>
    /// The largest data buffer we accept: BinaryInputArchive's check is jute.maxbuffer plus its extra allowance,
    /// which defaults to jute.maxbuffer again (0xfffff each).
    /// </summary>
    public const int DefaultMaxBuffer = 2 * JuteReader.DefaultMaxBuffer;

    /// <summary>The encoded size: handy for sizing a writer and for the stream decoder's tests.</summary>
    public int EncodedLength
    {
        get
        {
            int length = 4 + 8 + 4 + (Data?.Length ?? 0) + 4;
            if (AuthInfo is not null)
            {
                for (int i = 0; i < AuthInfo.Count; i++)
                    length += 8 + Utf8Length(AuthInfo[i].Scheme) + Utf8Length(AuthInfo[i].Identity);
            }
            return length;
        }
    }

    public void Write(JuteWriter writer)
    {
        writer.WriteInt((int)Type);
        writer.WriteLong(Zxid);
        writer.WriteBuffer(Data);
        if (AuthInfo is null)
        {
            writer.WriteInt(-1);
            return;
        }
        writer.WriteInt(AuthInfo.Count);
        for (int i = 0; i < AuthInfo.Count; i++) AuthInfo[i].Write(writer);
    }

    public byte[] Encode()
    {
        using var writer = new JuteWriter(EncodedLength);
        Write(writer);
        return writer.ToArray();
    }

    /// <summary>
    /// Reads one packet. Jute errors surface as <see cref="JuteException"/> here; the public decoders wrap them.
    /// An Id's null scheme or identity reads as "" (Keeper.Protocol's Id has no nulls); Apache never sends one.
    /// </summary>
    public static QuorumPacket Read(ref JuteReader reader)
    {
        var type = (QuorumPacketType)reader.ReadInt();
        long zxid = reader.ReadLong();
        byte[]? data = reader.ReadBuffer();
        int count = reader.ReadVectorCount();
        List<Id>? auth = null;
        if (count >= 0)
        {
            auth = new List<Id>(count);
            for (int i = 0; i < count; i++) auth.Add(Id.Read(ref reader));
        }
        return new QuorumPacket(type, zxid, data, auth);
    }

    /// <summary>Decodes a buffer that holds exactly one packet.</summary>
    public static QuorumPacket Decode(ReadOnlySpan<byte> bytes, int maxBuffer = DefaultMaxBuffer)
    {
        try
        {
            var reader = new JuteReader(bytes, maxBuffer);
            var packet = Read(ref reader);
            reader.ExpectEnd("QuorumPacket");
            return packet;
        }
        catch (JuteException e)
        {
            throw new WireFormatException("malformed quorum packet: " + e.Message, e);
        }
    }

    /// <summary>Data equality by content (records compare arrays by reference), for tests and assertions.</summary>
    public bool SameAs(QuorumPacket other)
    {
        if (Type != other.Type || Zxid != other.Zxid) return false;
        if (Data is null ? other.Data is not null : other.Data is null || !Data.AsSpan().SequenceEqual(other.Data)) return false;
        if (AuthInfo is null || other.AuthInfo is null) return AuthInfo is null && other.AuthInfo is null;
        if (AuthInfo.Count != other.AuthInfo.Count) return false;
        for (int i = 0; i < AuthInfo.Count; i++)
            if (AuthInfo[i] != other.AuthInfo[i]) return false;
        return true;
    }

    public override string ToString() =>
        $"{Type} zxid {Keeper.Consensus.Zxid.Hex(Zxid)} data {(Data is null ? "null" : Data.Length + " B")} auth {(AuthInfo is null ? "null" : AuthInfo.Count)}";

    private static int Utf8Length(string? s) => s is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(s);
}
