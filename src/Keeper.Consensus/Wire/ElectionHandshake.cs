using System.Buffers.Binary;
using System.Text;
using Keeper.Protocol.Jute;

namespace Keeper.Consensus.Wire;

/// <summary>
/// The initial message a server sends after dialling a peer's election port (QuorumCnxManager.initiateConnection
/// and handleConnection): protocol version:long, sid:long, addrLen:int, then addrLen bytes of UTF-8
/// "host:port" (V2 may join several with '|'). Servers before 3.4.7 sent just the sid: a first long &gt;= 0 is
/// read as that sid with no address, and <see cref="ProtocolVersion"/> is then <see cref="OldFormat"/>.
/// </summary>
internal sealed record ElectionHandshake(long ProtocolVersion, long Sid, IReadOnlyList<ElectionAddress> Addresses)
{
    /// <summary>PROTOCOL_VERSION_V1: one address. Apache sends it unless multi-address is enabled.</summary>
    public const long ProtocolVersionV1 = -65536L;

    /// <summary>PROTOCOL_VERSION_V2: '|'-separated addresses (multiAddress.enabled=true).</summary>
    public const long ProtocolVersionV2 = -65535L;

    /// <summary>Our marker for the pre-3.4.7 form (just the sid). Never written as a version.</summary>
    public const long OldFormat = 0;

    /// <summary>QuorumCnxManager.maxBuffer: the receiver rejects an address longer than this (or empty).</summary>
    public const int MaxAddressLength = 2048;

    /// <summary>
    /// QuorumPeer.OBSERVER_ID: the sid an observer without a myid sends. The receiver gives such a connection
    /// a fresh negative id (a counter from -1 down) so it can still be told apart.
    /// </summary>
    public const long ObserverWithoutId = long.MaxValue;

    /// <summary>Fixed part of the versioned form: version, sid, addrLen.</summary>
    private const int HeaderLength = 8 + 8 + 4;

    public bool IsObserverWithoutId => Sid == ObserverWithoutId;

    /// <summary>The versioned form for one address (what a 3.8 server with default settings sends).</summary>
    public static ElectionHandshake V1(long sid, ElectionAddress address) => new(ProtocolVersionV1, sid, [address]);

    public static ElectionHandshake V2(long sid, IReadOnlyList<ElectionAddress> addresses) => new(ProtocolVersionV2, sid, addresses);

    /// <summary>
    /// Writes the message. The old form is written as the bare sid (only tests need that, to act as an old peer).
    /// </summary>
    public void Write(JuteWriter writer)
    {
        if (ProtocolVersion == OldFormat)
        {
            if (Sid < 0) throw new InvalidOperationException("the old handshake form cannot carry a negative sid");
            writer.WriteLong(Sid);
            return;
        }
        if (ProtocolVersion != ProtocolVersionV1 && ProtocolVersion != ProtocolVersionV2)
            throw new InvalidOperationException($"unknown election protocol version {ProtocolVersion}");
        if (Addresses.Count == 0)
            throw new InvalidOperationException("a versioned handshake needs at least one address");

        var text = new StringBuilder();
        for (int i = 0; i < Addresses.Count; i++)
        {
            if (i > 0) text.Append('|');
            text.Append(Addresses[i].ToString());
        }
        string joined = text.ToString();
        // Checked here because the peer would drop the connection on it with nothing but a log line.
        if (Encoding.UTF8.GetByteCount(joined) > MaxAddressLength)
            throw new InvalidOperationException($"election address list longer than {MaxAddressLength} bytes");
        writer.WriteLong(ProtocolVersion);
        writer.WriteLong(Sid);
        writer.WriteString(joined);
    }

    public byte[] Encode()
    {
        using var writer = new JuteWriter(64);
        Write(writer);
        return writer.ToArray();
    }

    /// <summary>
    /// Decodes the message from the start of <paramref name="buffer"/>, which holds whatever has arrived so far.
    /// On <see cref="DecodeStatus.Complete"/>, <paramref name="consumed"/> is the message's length; bytes after
    /// it (the first framed messages, or an auth packet) are not looked at. Throws
    /// <see cref="WireFormatException"/> as soon as the prefix is known to be bad, so a peer cannot make us
    /// wait for 2 GB of "address".
    /// </summary>
    public static DecodeStatus TryDecode(ReadOnlySpan<byte> buffer, out ElectionHandshake? message, out int consumed)
    {
        message = null;
        consumed = 0;
        if (buffer.Length < 8) return DecodeStatus.NeedMore;

        long first = BinaryPrimitives.ReadInt64BigEndian(buffer);
        if (first >= 0)
        {
            message = new ElectionHandshake(OldFormat, first, []);
            consumed = 8;
            return DecodeStatus.Complete;
        }
        if (first != ProtocolVersionV1 && first != ProtocolVersionV2)
            throw new WireFormatException($"unrecognized election protocol version {first}");

        if (buffer.Length < HeaderLength) return DecodeStatus.NeedMore;
        long sid = BinaryPrimitives.ReadInt64BigEndian(buffer[8..]);
        int length = BinaryPrimitives.ReadInt32BigEndian(buffer[16..]);
        if (length <= 0 || length > MaxAddressLength)
            throw new WireFormatException($"unreasonable election address length {length} from sid {sid}");
        if (buffer.Length < HeaderLength + length) return DecodeStatus.NeedMore;

        var addresses = ParseAddresses(buffer.Slice(HeaderLength, length));
        message = new ElectionHandshake(first, sid, addresses);
        consumed = HeaderLength + length;
        return DecodeStatus.Complete;
    }

    /// <summary>Decodes a buffer that must hold exactly one complete message.</summary>
    public static ElectionHandshake Decode(ReadOnlySpan<byte> buffer)
    {
        if (TryDecode(buffer, out var message, out int consumed) == DecodeStatus.NeedMore)
            throw new WireFormatException($"election handshake truncated at {buffer.Length} bytes");
        if (consumed != buffer.Length)
            throw new WireFormatException($"{buffer.Length - consumed} trailing bytes after the election handshake");
        return message!;
    }

    private static List<ElectionAddress> ParseAddresses(ReadOnlySpan<byte> bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new WireFormatException("election address is not UTF-8", e);
        }

        var list = new List<ElectionAddress>(1);
        foreach (var part in text.Split('|'))
            list.Add(ElectionAddress.Parse(part));
        return list;
    }
}
