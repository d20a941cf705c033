using System.Buffers.Binary;
using Keeper.Protocol.Jute;

namespace Keeper.Consensus.Wire;

/// <summary>
/// The framing on the election port after the handshake (QuorumCnxManager SendWorker/RecvWorker): an int32
/// length then that many bytes, in both directions. The receiver drops the connection on a length outside
/// 1..<see cref="MaxMessageLength"/>.
/// </summary>
internal static class ElectionFrame
{
    /// <summary>QuorumCnxManager.PACKETMAXSIZE (512 KiB).</summary>
    public const int MaxMessageLength = 512 * 1024;

    public const int LengthPrefix = 4;

    /// <summary>
    /// Appends one frame. Apache's sender does not check the limit, but its receiver would drop the connection,
    /// so an oversized message is our bug and fails here rather than on the peer.
    /// </summary>
    public static void Write(JuteWriter writer, ReadOnlySpan<byte> message)
    {
        if (message.Length is 0 or > MaxMessageLength)
            throw new ArgumentOutOfRangeException(nameof(message), message.Length, $"an election message must be 1..{MaxMessageLength} bytes");
        writer.WriteInt(message.Length);
        writer.WriteRaw(message);
    }

    public static byte[] Encode(ReadOnlySpan<byte> message)
    {
        using var writer = new JuteWriter(message.Length + LengthPrefix);
        Write(writer, message);
        return writer.ToArray();
    }

    /// <summary>
    /// Takes one frame from the start of <paramref name="buffer"/>. On <see cref="DecodeStatus.Complete"/>,
    /// <paramref name="message"/> is a slice of the buffer (copy it before reusing the buffer) and
    /// <paramref name="consumed"/> counts the prefix too. A bad length is reported as soon as its 4 bytes arrive.
    /// </summary>
    public static DecodeStatus TryRead(ReadOnlySpan<byte> buffer, out ReadOnlySpan<byte> message, out int consumed)
    {
        message = default;
        consumed = 0;
        if (buffer.Length < LengthPrefix) return DecodeStatus.NeedMore;
        int length = BinaryPrimitives.ReadInt32BigEndian(buffer);
        if (length <= 0 || length > MaxMessageLength)
            throw new WireFormatException($"invalid election message length {length}");
        if (buffer.Length - LengthPrefix < length) return DecodeStatus.NeedMore;
        message = buffer.Slice(LengthPrefix, length);
        consumed = LengthPrefix + length;
        return DecodeStatus.Complete;
    }
}
