using Keeper.Consensus.Wire;

namespace Keeper.Consensus.Tests.Wire;

public class ElectionHandshakeTests
{
    // QuorumCnxManager.initiateConnection: writeLong(PROTOCOL_VERSION_V1), writeLong(myid),
    // writeInt(addr bytes length), write(addr bytes).
    private const string V1Sid3 =
        "ffffffffffff0000 | 0000000000000003 | 0000000d | 31302e302e302e333a33383838"; // "10.0.0.3:3888"

    [Fact]
    public void V1_has_apache_field_order()
    {
        var message = ElectionHandshake.V1(3, new ElectionAddress("10.0.0.3", 3888));
        Assert.Equal(Hex.Bytes(V1Sid3), message.Encode());
    }

    [Fact]
    public void V1_decodes()
    {
        var message = ElectionHandshake.Decode(Hex.Bytes(V1Sid3));
        Assert.Equal(ElectionHandshake.ProtocolVersionV1, message.ProtocolVersion);
        Assert.Equal(3, message.Sid);
        Assert.Equal([new ElectionAddress("10.0.0.3", 3888)], message.Addresses);
    }

    [Fact]
    public void V2_round_trips_several_addresses_and_ipv6()
    {
        var message = ElectionHandshake.V2(7, [new("a.example", 3888), new("::1", 3889)]);
        var bytes = message.Encode();
        Assert.Contains("a.example:3888|[::1]:3889", System.Text.Encoding.UTF8.GetString(bytes));
        var back = ElectionHandshake.Decode(bytes);
        Assert.Equal(ElectionHandshake.ProtocolVersionV2, back.ProtocolVersion);
        Assert.Equal(message.Addresses, back.Addresses);
    }

    [Fact]
    public void Old_form_is_a_bare_sid()
    {
        var status = ElectionHandshake.TryDecode(Hex.Bytes("0000000000000005 | 00000004"), out var message, out int consumed);
        Assert.Equal(DecodeStatus.Complete, status);
        Assert.Equal(8, consumed);
        Assert.Equal(ElectionHandshake.OldFormat, message!.ProtocolVersion);
        Assert.Equal(5, message.Sid);
        Assert.Empty(message.Addresses);
    }

    [Fact]
    public void Observer_without_id_is_flagged()
    {
        var message = ElectionHandshake.Decode(ElectionHandshake.V1(long.MaxValue, new("h", 1)).Encode());
        Assert.True(message.IsObserverWithoutId);
    }

    [Fact]
    public void Every_prefix_needs_more_and_the_rest_is_left_alone()
    {
        var bytes = Hex.Bytes(V1Sid3);
        for (int n = 0; n < bytes.Length; n++)
            Assert.Equal(DecodeStatus.NeedMore, ElectionHandshake.TryDecode(bytes.AsSpan(0, n), out _, out _));

        var withFrame = bytes.Concat(ElectionFrame.Encode([1, 2, 3])).ToArray();
        Assert.Equal(DecodeStatus.Complete, ElectionHandshake.TryDecode(withFrame, out _, out int consumed));
        Assert.Equal(bytes.Length, consumed);
    }

    [Theory]
    [InlineData("ffffffffffff0002 0000000000000003 0000000d")] // unknown negative version (V2 is ...0001)
    [InlineData("ffffffffffff0000 0000000000000003 00000000")] // empty address
    [InlineData("ffffffffffff0000 0000000000000003 ffffffff")] // negative length
    [InlineData("ffffffffffff0000 0000000000000003 00000801")] // 2049 > maxBuffer
    public void Bad_header_fails_before_the_body_arrives(string hex)
    {
        Assert.Throws<WireFormatException>(() => ElectionHandshake.TryDecode(Hex.Bytes(hex), out _, out _));
    }

    [Theory]
    [InlineData("host")]          // no port
    [InlineData("host:")]         // empty port
    [InlineData(":3888")]         // no host
    [InlineData("host:38x8")]     // not a number
    [InlineData("host:65536")]    // out of range
    [InlineData("::1:3888")]      // unbracketed v6
    [InlineData("[::1]3888")]     // bracket without colon
    [InlineData("[::1")]          // unclosed bracket
    [InlineData("a:1|")]          // empty second address
    public void Bad_addresses_are_rejected(string address)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(address);
        var bytes = Hex.Bytes("ffffffffffff0000 0000000000000003").Concat(BigEndian(body.Length)).Concat(body).ToArray();
        Assert.Throws<WireFormatException>(() => ElectionHandshake.Decode(bytes));
    }

    [Fact]
    public void Invalid_utf8_address_is_rejected()
    {
        var bytes = Hex.Bytes("ffffffffffff0000 0000000000000003 00000003 ff3a31");
        Assert.Throws<WireFormatException>(() => ElectionHandshake.Decode(bytes));
    }

    [Fact]
    public void Wildcards_are_recognised_literally()
    {
        Assert.True(new ElectionAddress("0.0.0.0", 1).IsWildcard);
        Assert.True(new ElectionAddress("::", 1).IsWildcard);
        Assert.False(new ElectionAddress("127.0.0.1", 1).IsWildcard);
        Assert.False(new ElectionAddress("localhost", 1).IsWildcard);
    }

    [Fact]
    public void Writer_refuses_what_the_peer_would_drop()
    {
        var longHost = new string('a', ElectionHandshake.MaxAddressLength);
        Assert.Throws<InvalidOperationException>(() => ElectionHandshake.V1(1, new(longHost, 1)).Encode());
        Assert.Throws<InvalidOperationException>(() => new ElectionHandshake(ElectionHandshake.ProtocolVersionV1, 1, []).Encode());
    }

    [Fact]
    public void Frames_round_trip_and_guard_their_length()
    {
        var frame = ElectionFrame.Encode([9, 8, 7]);
        Assert.Equal(Hex.Bytes("00000003 090807"), frame);
        for (int n = 0; n < frame.Length; n++)
            Assert.Equal(DecodeStatus.NeedMore, ElectionFrame.TryRead(frame.AsSpan(0, n), out _, out _));
        Assert.Equal(DecodeStatus.Complete, ElectionFrame.TryRead(frame, out var payload, out int consumed));
        Assert.Equal(7, consumed);
        Assert.Equal(new byte[] { 9, 8, 7 }, payload.ToArray());

        Assert.Throws<WireFormatException>(() => ElectionFrame.TryRead(Hex.Bytes("00000000"), out _, out _));
        Assert.Throws<WireFormatException>(() => ElectionFrame.TryRead(Hex.Bytes("80000000"), out _, out _));
        Assert.Throws<WireFormatException>(() => ElectionFrame.TryRead(Hex.Bytes("00080001"), out _, out _)); // 512 KiB + 1
        Assert.Equal(DecodeStatus.NeedMore, ElectionFrame.TryRead(Hex.Bytes("00080000"), out _, out _));     // exactly 512 KiB is fine
        Assert.Throws<ArgumentOutOfRangeException>(() => ElectionFrame.Encode(new byte[ElectionFrame.MaxMessageLength + 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ElectionFrame.Encode([]));
    }

    internal static byte[] BigEndian(int value)
    {
        var b = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(b, value);
        return b;
    }
}
