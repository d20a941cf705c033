using System.Buffers;
using System.Buffers.Binary;

namespace Keeper.Client.Connection;

/// <summary>The wire framing: a 4-byte big-endian length, then that many bytes.</summary>
internal static class FrameReader
{
    /// <summary>Takes one whole frame off the front of <paramref name="buffer"/> if it is all there.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < 4) return false;
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        int length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        // Java's client refuses the same: a negative or oversized length means the stream is garbage.
        if (length < 0 || length > maxLength)
            throw new ProtocolException($"packet length {length} is out of range (max {maxLength})");
        if (buffer.Length - 4 < length) return false;
        frame = buffer.Slice(4, length);
        buffer = buffer.Slice(frame.End);
        return true;
    }
}

/// <summary>The server broke the protocol; the connection is dropped and the client reconnects.</summary>
internal sealed class ProtocolException(string message) : IOException(message);
