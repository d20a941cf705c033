using System.Buffers.Binary;

namespace Keeper.Consensus.Wire;

/// <summary>
/// Fixed-width reads from a packet body. Apache reads bodies with ByteBuffer/DataInputStream and ignores
/// trailing bytes, so we check only that the fields we need are there and name the body in the error.
/// </summary>
internal static class BodyReader
{
    public static ReadOnlySpan<byte> Require(byte[]? data, int length, string body)
    {
        if (data is null)
            throw new WireFormatException($"{body} has no data");
        if (data.Length < length)
            throw new WireFormatException($"{body} needs {length} bytes, got {data.Length}");
        return data;
    }

    public static int Int(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadInt32BigEndian(data[offset..]);

    public static long Long(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadInt64BigEndian(data[offset..]);
}
