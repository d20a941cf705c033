using Keeper.Consensus.Wire;
using Keeper.Protocol.Records;

namespace Keeper.Consensus.Tests.Wire;

public class QuorumPacketTests
{
    // zookeeper.jute QuorumPacket via BinaryOutputArchive: writeInt(type), writeLong(zxid),
    // writeBuffer(data) (-1 for null), startVector(authinfo) (-1 for null) then each Id as
    // writeString(scheme), writeString(id).
    private const string AckNulls = "00000003 | 0000000100000002 | ffffffff | ffffffff";

    private const string RequestWithAuth =
        "00000001 | ffffffffffffffff | 00000002 abcd | 00000001 | 00000005 776f726c64 | 00000006 616e796f6e65";

    [Fact]
    public void Null_data_and_authinfo_are_minus_one()
    {
        var packet = new QuorumPacket(QuorumPacketType.Ack, 0x1_0000_0002);
        Assert.Equal(Hex.Bytes(AckNulls), packet.Encode());
        var back = QuorumPacket.Decode(Hex.Bytes(AckNulls));
        Assert.Null(back.Data);
        Assert.Null(back.AuthInfo);
        Assert.True(packet.SameAs(back));
    }

    [Fact]
    public void Empty_is_not_null()
    {
        var packet = new QuorumPacket(QuorumPacketType.Ping, 5, [], []);
        Assert.Equal(Hex.Bytes("00000005 0000000000000005 00000000 00000000"), packet.Encode());
        var back = QuorumPacket.Decode(packet.Encode());
        Assert.NotNull(back.Data);
        Assert.NotNull(back.AuthInfo);
        Assert.Empty(back.Data!);
    }

    [Fact]
    public void Authinfo_ids_round_trip()
    {
        var packet = new QuorumPacket(QuorumPacketType.Request, -1, [0xab, 0xcd], [Id.Anyone]);
        Assert.Equal(Hex.Bytes(RequestWithAuth), packet.Encode());
        Assert.Equal(packet.Encode().Length, packet.EncodedLength);
        Assert.True(packet.SameAs(QuorumPacket.Decode(packet.Encode())));
    }

    [Fact]
    public void Unknown_types_survive()
    {
        var packet = QuorumPacket.Decode(Hex.Bytes("0000002a 0000000000000000 ffffffff ffffffff"));
        Assert.Equal(42, (int)packet.Type);
    }

    [Fact]
    public void Stream_decoder_needs_more_on_every_prefix_and_splits_back_to_back_packets()
    {
        var one = Hex.Bytes(RequestWithAuth);
        var two = Hex.Bytes(AckNulls);
        var stream = one.Concat(two).ToArray();
        for (int n = 0; n < one.Length; n++)
            Assert.Equal(DecodeStatus.NeedMore, QuorumPacketDecoder.TryDecode(stream.AsSpan(0, n), out _, out _));

        Assert.Equal(DecodeStatus.Complete, QuorumPacketDecoder.TryDecode(stream, out var first, out int consumed));
        Assert.Equal(one.Length, consumed);
        Assert.Equal(QuorumPacketType.Request, first!.Type);
        Assert.Equal(DecodeStatus.Complete, QuorumPacketDecoder.TryDecode(stream.AsSpan(consumed), out var second, out int consumed2));
        Assert.Equal(two.Length, consumed2);
        Assert.Equal(QuorumPacketType.Ack, second!.Type);
    }

    [Theory]
    [InlineData("00000002 0000000000000001 fffffffe")]            // data length -2
    [InlineData("00000002 0000000000000001 7fffffff")]            // data length 2 GiB: fails at once, no waiting
    [InlineData("00000002 0000000000000001 00200000")]            // just over jute.maxbuffer + extrasize
    [InlineData("00000002 0000000000000001 ffffffff fffffffe")]   // authinfo count -2
    [InlineData("00000002 0000000000000001 ffffffff 7fffffff")]   // absurd authinfo count
    [InlineData("00000002 0000000000000001 ffffffff 00000001 80000000")] // id scheme length negative
    public void Impossible_lengths_fail_fast(string hex)
    {
        Assert.Throws<WireFormatException>(() => QuorumPacketDecoder.TryDecode(Hex.Bytes(hex), out _, out _));
    }

    [Fact]
    public void Limit_is_jute_maxbuffer_plus_extrasize_and_configurable()
    {
        var atLimit = Hex.Bytes("00000002 0000000000000001").Concat(ElectionHandshakeTests.BigEndian(QuorumPacket.DefaultMaxBuffer)).ToArray();
        Assert.Equal(DecodeStatus.NeedMore, QuorumPacketDecoder.TryDecode(atLimit, out _, out _));
        Assert.Throws<WireFormatException>(() => QuorumPacketDecoder.TryDecode(atLimit, out _, out _, maxBuffer: 1024));
    }

    [Fact]
    public void Exact_decoder_rejects_trailing_bytes_and_truncation()
    {
        Assert.Throws<WireFormatException>(() => QuorumPacket.Decode(Hex.Bytes(AckNulls + "00")));
        Assert.Throws<WireFormatException>(() => QuorumPacket.Decode(Hex.Bytes(AckNulls)[..^1]));
    }
}
