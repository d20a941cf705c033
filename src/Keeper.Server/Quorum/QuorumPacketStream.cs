using System.Buffers.Binary;
using System.Text;
using Keeper.Consensus.Wire;
using Keeper.Protocol.Records;

namespace Keeper.Server.Quorum;

/// <summary>
/// Reads quorum packets off a blocking stream, one jute record after another with no length prefix, as
/// Apache's BinaryInputArchive does on the quorum socket. Reading straight from the stream (rather than
/// through a frame decoder) lets the SNAP case hand the very same stream to the snapshot reader.
/// </summary>
internal static class QuorumPacketStream
{
    public static QuorumPacket Read(Stream input, int maxBuffer)
    {
        Span<byte> head = stackalloc byte[16];
        input.ReadExactly(head);
        var type = (QuorumPacketType)BinaryPrimitives.ReadInt32BigEndian(head);
        long zxid = BinaryPrimitives.ReadInt64BigEndian(head[4..]);
        int length = BinaryPrimitives.ReadInt32BigEndian(head[12..]);
        byte[]? data = length switch
        {
            -1 => null,
            < -1 => throw new WireFormatException($"quorum packet data length {length}"),
            _ when length > maxBuffer => throw new WireFormatException($"quorum packet data of {length} bytes exceeds the limit of {maxBuffer}"),
            _ => ReadBytes(input, length),
        };
        int count = ReadInt(input);
        List<Id>? auth = null;
        if (count > QuorumPacketDecoder.MaxAuthInfoCount) throw new WireFormatException($"quorum packet with {count} auth ids");
        if (count >= 0)
        {
            auth = new List<Id>(count);
            for (int i = 0; i < count; i++) auth.Add(new Id(ReadString(input, maxBuffer), ReadString(input, maxBuffer)));
        }
        return new QuorumPacket(type, zxid, data, auth);
    }

    private static int ReadInt(Stream input)
    {
        Span<byte> b = stackalloc byte[4];
        input.ReadExactly(b);
        return BinaryPrimitives.ReadInt32BigEndian(b);
    }

    private static byte[] ReadBytes(Stream input, int length)
    {
        var bytes = new byte[length];
        input.ReadExactly(bytes);
        return bytes;
    }

    private static string ReadString(Stream input, int maxBuffer)
    {
        int length = ReadInt(input);
        if (length < 0) return "";
        if (length > maxBuffer) throw new WireFormatException($"string of {length} bytes in a quorum packet");
        return Encoding.UTF8.GetString(ReadBytes(input, length));
    }
}
