using System.Buffers.Binary;

namespace Keeper.Server.QuorumSasl;

/// <summary>
/// ZooKeeper's QuorumAuthPacket jute record, one per step of a server-to-server SASL exchange: <c>long magic; int
/// status; buffer token</c> (big-endian, the buffer as an int length, -1 for none, then its bytes).
/// </summary>
internal readonly record struct QuorumAuthPacket(QuorumAuthStatus Status, byte[] Token)
{
    /// <summary>QuorumAuth.QUORUM_AUTH_MAGIC_NUMBER (Java's <c>-0xa0dbcafecafe1234L</c>): how an auth packet is told from the first Zab or election bytes.</summary>
    public const long Magic = 0x5f2435013501edcc;

    /// <summary>DIGEST-MD5 tokens are a few hundred bytes, Kerberos ones a few kilobytes (more with a large PAC); anything beyond this is not a SASL step.</summary>
    public const int MaxToken = 64 * 1024;

    public byte[] Encode()
    {
        var bytes = new byte[16 + Token.Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), (int)Status);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), Token.Length);
        Token.CopyTo(bytes, 16);
        return bytes;
    }

    /// <summary>Reads one packet; a wrong magic, an unknown status or an oversized token is an <see cref="IOException"/>.</summary>
    public static async Task<QuorumAuthPacket> ReadAsync(Stream stream, CancellationToken cancel)
    {
        var head = new byte[16];
        await stream.ReadExactlyAsync(head, cancel).ConfigureAwait(false);
        if (BinaryPrimitives.ReadInt64BigEndian(head) != Magic) throw new IOException("not a quorum auth packet (wrong magic)");
        int status = BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(8));
        if (status is not (0 or 1 or -1)) throw new IOException($"quorum auth packet with unknown status {status}");
        int length = BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(12));
        if (length > MaxToken) throw new IOException($"quorum auth token of {length} bytes is too long");
        var token = length <= 0 ? [] : new byte[length];
        if (length > 0) await stream.ReadExactlyAsync(token, cancel).ConfigureAwait(false);
        return new QuorumAuthPacket((QuorumAuthStatus)status, token);
    }

    public async Task WriteAsync(Stream stream, CancellationToken cancel)
    {
        await stream.WriteAsync(Encode(), cancel).ConfigureAwait(false);
        await stream.FlushAsync(cancel).ConfigureAwait(false);
    }
}

/// <summary>QuorumAuth.Status.</summary>
internal enum QuorumAuthStatus
{
    InProgress = 0,
    Success = 1,
    Error = -1,
}
