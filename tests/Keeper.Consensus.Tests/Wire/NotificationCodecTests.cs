using Keeper.Consensus.Election;
using Keeper.Consensus.Wire;

namespace Keeper.Consensus.Tests.Wire;

public class NotificationCodecTests
{
    // FastLeaderElection.buildMsg: putInt(state), putLong(leader), putLong(zxid), putLong(electionEpoch),
    // putLong(peerEpoch), putInt(CURRENTVERSION = 2), putInt(config length), put(config).
    private const string FollowingLeader2 =
        "00000001 | 0000000000000002 | 0000000300000007 | 0000000000000005 | 0000000000000003 | 00000002 | 00000003 | 613d62";

    [Fact]
    public void Version2_has_buildMsg_field_order()
    {
        var n = new Notification(ServerState.Following, 2, 0x3_0000_0007, 5, 3, Config: "a=b"u8.ToArray());
        Assert.Equal(Hex.Bytes(FollowingLeader2), NotificationCodec.Encode(n));
        Assert.Equal(47, NotificationCodec.EncodedLength(n));
    }

    [Fact]
    public void Version2_decodes()
    {
        var n = NotificationCodec.Decode(Hex.Bytes(FollowingLeader2));
        Assert.Equal(ServerState.Following, n.State);
        Assert.Equal(2, n.Leader);
        Assert.Equal(0x3_0000_0007, n.Zxid);
        Assert.Equal(5, n.ElectionEpoch);
        Assert.Equal(3, n.PeerEpoch);
        Assert.Equal(2, n.Version);
        Assert.Equal("a=b"u8.ToArray(), n.Config);
    }

    [Fact]
    public void Null_config_is_sent_as_empty()
    {
        var bytes = NotificationCodec.Encode(new Notification(ServerState.Looking, 1, 0, 1, 0));
        Assert.Equal(44, bytes.Length);
        Assert.Equal(Array.Empty<byte>(), NotificationCodec.Decode(bytes).Config);
    }

    [Fact]
    public void Bytes28_take_peer_epoch_from_the_zxid()
    {
        var n = NotificationCodec.Decode(Hex.Bytes("00000000 0000000000000004 0000000900000001 0000000000000002"));
        Assert.Equal(ServerState.Looking, n.State);
        Assert.Equal(9, n.PeerEpoch);
        Assert.Equal(0, n.Version);
        Assert.Null(n.Config);
    }

    [Fact]
    public void Bytes40_read_peer_epoch_but_not_the_version()
    {
        // buildMsg's 5-argument form writes version 1; Apache's receiver does not read it for 40 bytes.
        var n = NotificationCodec.Decode(Hex.Bytes("00000002 0000000000000004 0000000900000001 0000000000000002 000000000000000a 00000001"));
        Assert.Equal(ServerState.Leading, n.State);
        Assert.Equal(10, n.PeerEpoch);
        Assert.Equal(0, n.Version);
        Assert.Null(n.Config);
    }

    [Fact]
    public void Version1_longer_than_40_has_no_config_and_trailing_bytes_are_ignored()
    {
        var n = NotificationCodec.Decode(Hex.Bytes("00000003 0000000000000004 0000000900000001 0000000000000002 000000000000000a 00000001 ffff"));
        Assert.Equal(ServerState.Observing, n.State);
        Assert.Equal(1, n.Version);
        Assert.Null(n.Config);
        var v2 = NotificationCodec.Decode(Hex.Bytes(FollowingLeader2 + "eeee"));
        Assert.Equal("a=b"u8.ToArray(), v2.Config);
    }

    [Theory]
    [InlineData(0, (int)NotificationRejection.TooShort)]
    [InlineData(27, (int)NotificationRejection.TooShort)]
    [InlineData(29, (int)NotificationRejection.Truncated)]
    [InlineData(35, (int)NotificationRejection.Truncated)]
    [InlineData(36, (int)NotificationRejection.Truncated)]
    [InlineData(39, (int)NotificationRejection.Truncated)]
    [InlineData(41, (int)NotificationRejection.Truncated)]
    [InlineData(43, (int)NotificationRejection.Truncated)]
    [InlineData(44, (int)NotificationRejection.BadConfigLength)]
    [InlineData(46, (int)NotificationRejection.BadConfigLength)]
    public void Truncations_are_rejected(int length, int expectedRejection)
    {
        var expected = (NotificationRejection)expectedRejection;
        var bytes = Hex.Bytes(FollowingLeader2).AsSpan(0, length);
        Assert.False(NotificationCodec.TryDecode(bytes, out var n, out var rejection));
        Assert.Null(n);
        Assert.Equal(expected, rejection);
        var copy = bytes.ToArray();
        Assert.Throws<WireFormatException>(() => NotificationCodec.Decode(copy));
    }

    [Fact]
    public void Negative_config_length_is_rejected()
    {
        var bytes = Hex.Bytes("00000001 0000000000000002 0000000300000007 0000000000000005 0000000000000003 00000002 ffffffff");
        Assert.False(NotificationCodec.TryDecode(bytes, out _, out var rejection));
        Assert.Equal(NotificationRejection.BadConfigLength, rejection);
    }

    [Theory]
    [InlineData("00000004")]
    [InlineData("ffffffff")]
    public void Unknown_state_is_its_own_rejection(string state)
    {
        var bytes = Hex.Bytes(state + FollowingLeader2.Replace(" ", "")[8..]);
        Assert.False(NotificationCodec.TryDecode(bytes, out _, out var rejection));
        Assert.Equal(NotificationRejection.UnknownState, rejection);
    }

    [Fact]
    public void State_ordinals_match_QuorumPeer_ServerState()
    {
        Assert.Equal(0, (int)ServerState.Looking);
        Assert.Equal(1, (int)ServerState.Following);
        Assert.Equal(2, (int)ServerState.Leading);
        Assert.Equal(3, (int)ServerState.Observing);
    }
}
