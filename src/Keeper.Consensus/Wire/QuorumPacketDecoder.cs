using System.Buffers.Binary;
using Keeper.Protocol.Jute;

namespace Keeper.Consensus.Wire;

/// <summary>
/// Finds packets in the quorum-port byte stream. Apache writes QuorumPacket records back to back with no
/// length prefix, so the only way to know a packet is complete is to walk its length fields. This does that
/// walk over the bytes received so far, reports <see cref="DecodeStatus.NeedMore"/> when they end early, and
/// fails as soon as a length is impossible rather than waiting for it (a peer could otherwise make us buffer
/// up to 2 GiB).
/// </summary>
internal static class QuorumPacketDecoder
{
    /// <summary>
    /// Most Ids a packet may carry. Apache does not bound the count (it reads until EOF); ours keeps a garbage
    /// count from making us wait on a buffer that never fills. A client has a handful of auth ids.
    /// </summary>
    public const int MaxAuthInfoCount = 1024;

    /// <summary>
    /// Decodes one packet from the start of <paramref name="buffer"/>. On <see cref="DecodeStatus.Complete"/>,
    /// <paramref name="consumed"/> is its length and the packet owns copies of its bytes.
    /// </summary>
    public static DecodeStatus TryDecode(ReadOnlySpan<byte> buffer, out QuorumPacket? packet, out int consumed,
        int maxBuffer = QuorumPacket.DefaultMaxBuffer)
    {
        packet = null;
        consumed = 0;
        int length = MeasurePacket(buffer, maxBuffer);
        if (length < 0) return DecodeStatus.NeedMore;
        packet = QuorumPacket.Decode(buffer[..length], maxBuffer);
        consumed = length;
        return DecodeStatus.Complete;
    }

    /// <summary>
    /// The byte length of the packet at the start of <paramref name="buffer"/>, or -1 if the buffer ends first.
    /// Throws on a length field no packet can have.
    /// </summary>
    public static int MeasurePacket(ReadOnlySpan<byte> buffer, int maxBuffer = QuorumPacket.DefaultMaxBuffer)
    {
        int position = 12; // type:int, zxid:long
        if (!SkipSized(buffer, ref position, maxBuffer, "data")) return -1;
        if (buffer.Length - position < 4) return -1;
        int count = BinaryPrimitives.ReadInt32BigEndian(buffer[position..]);
        position += 4;
        if (count < -1 || count > MaxAuthInfoCount)
            throw new WireFormatException($"invalid authinfo count {count} in quorum packet");
        for (int i = 0; i < count; i++)
        {
            if (!SkipSized(buffer, ref position, maxBuffer, "id scheme")) return -1;
            if (!SkipSized(buffer, ref position, maxBuffer, "id")) return -1;
        }
        return position;
    }

    /// <summary>Steps over an int32 length (-1 = null) and its bytes; false when the buffer ends first.</summary>
    private static bool SkipSized(ReadOnlySpan<byte> buffer, ref int position, int maxBuffer, string what)
    {
        if (buffer.Length - position < 4) return false;
        int length = BinaryPrimitives.ReadInt32BigEndian(buffer[position..]);
        if (length < -1 || length > maxBuffer)
            throw new WireFormatException($"invalid {what} length {length} in quorum packet");
        position += 4;
        if (length <= 0) return true;
        if (buffer.Length - position < length) return false;
        position += length;
        return true;
    }
}
