using Keeper.Protocol;
using Keeper.Protocol.Jute;

namespace Keeper.Consensus.Wire;

/// <summary>
/// REQUEST data (a client write a learner forwards; zxid -1): sessionId:long, cxid:int, type:int (the opcode),
/// then the client's serialized request record with no length of its own, to the end of the data. The
/// client's auth ids travel in the packet's authinfo, not here. An absent request record (Request.request
/// null in Apache, e.g. some internal ops) is an empty tail.
/// </summary>
internal readonly record struct RequestBody(long SessionId, int Cxid, OpCode Type, ReadOnlyMemory<byte> Request)
{
    public const int HeaderLength = 16;

    public byte[] Encode()
    {
        using var writer = new JuteWriter(HeaderLength + Request.Length);
        writer.WriteLong(SessionId);
        writer.WriteInt(Cxid);
        writer.WriteInt((int)Type);
        writer.WriteRaw(Request.Span);
        return writer.ToArray();
    }

    /// <summary><see cref="Request"/> is a slice of <paramref name="data"/>, not a copy.</summary>
    public static RequestBody Decode(byte[]? data)
    {
        var span = BodyReader.Require(data, HeaderLength, "REQUEST");
        return new RequestBody(BodyReader.Long(span, 0), BodyReader.Int(span, 8), (OpCode)BodyReader.Int(span, 12), data.AsMemory(HeaderLength));
    }
}
