using Keeper.Consensus.Wire;
using Keeper.Protocol;

namespace Keeper.Consensus.Tests.Wire;

public class BodyTests
{
    [Fact]
    public void LearnerInfo_is_sid_version_configversion()
    {
        // LearnerInfo jute record: writeLong(serverid), writeInt(protocolVersion), writeLong(configVersion).
        var bytes = LearnerInfo.Current(3, 0x1_0000_0000).Encode();
        Assert.Equal(Hex.Bytes("0000000000000003 | 00010000 | 0000000100000000"), bytes);
        Assert.Equal(new LearnerInfo(3, 0x10000, 0x1_0000_0000), LearnerInfo.Decode(bytes));
    }

    [Fact]
    public void LearnerInfo_is_read_as_leniently_as_LearnerHandler()
    {
        Assert.Null(LearnerInfo.Decode(null));
        Assert.Equal(new LearnerInfo(3, LearnerInfo.PreZab10, null), LearnerInfo.Decode(Hex.Bytes("0000000000000003")));
        Assert.Equal(new LearnerInfo(3, 0x10000, null), LearnerInfo.Decode(Hex.Bytes("0000000000000003 00010000 00")));
        Assert.Equal(new LearnerInfo(3, 0x10000, 7), LearnerInfo.Decode(Hex.Bytes("0000000000000003 00010000 0000000000000007 ff")));
        Assert.Throws<WireFormatException>(() => LearnerInfo.Decode(Hex.Bytes("00000000000003")));
    }

    [Fact]
    public void Epoch_bodies_are_one_int()
    {
        Assert.Equal(Hex.Bytes("00010000"), LeaderInfoBody.Encode());
        Assert.Equal(0x10000, LeaderInfoBody.Decode(Hex.Bytes("00010000")));
        Assert.Equal(Hex.Bytes("ffffffff"), AckEpochBody.Encode(AckEpochBody.AlreadyAccepted));
        Assert.Equal(4, AckEpochBody.Decode(AckEpochBody.Encode(4)));
        Assert.Throws<WireFormatException>(() => AckEpochBody.Decode(null));
        Assert.Throws<WireFormatException>(() => LeaderInfoBody.Decode([0, 1, 0]));
    }

    [Fact]
    public void NewLeader_config_needs_more_than_one_byte()
    {
        const string config = "server.1=a:2888:3888:participant\nversion=100000000";
        Assert.Equal(config, NewLeaderBody.DecodeConfig(NewLeaderBody.Encode(config)));
        Assert.Null(NewLeaderBody.DecodeConfig(null));
        Assert.Null(NewLeaderBody.DecodeConfig([]));
        Assert.Null(NewLeaderBody.DecodeConfig([(byte)'x']));
        Assert.Throws<WireFormatException>(() => NewLeaderBody.DecodeConfig([0xff, 0xfe]));
    }

    [Fact]
    public void Ping_reply_is_pairs_to_the_end()
    {
        // Learner.ping: for each touched session writeLong(id), writeInt(timeout).
        var bytes = PingBody.Encode([new(0x100, 30000), new(0x200, 4000)]);
        Assert.Equal(Hex.Bytes("0000000000000100 00007530 | 0000000000000200 00000fa0"), bytes);
        Assert.Equal([new SessionTouch(0x100, 30000), new SessionTouch(0x200, 4000)], PingBody.Decode(bytes));
        Assert.Equal(2, PingBody.Read(bytes).Count);
        Assert.Empty(PingBody.Decode(null));
        Assert.Empty(PingBody.Decode([]));
        Assert.Throws<WireFormatException>(() => PingBody.Decode(bytes[..^1]));
    }

    [Fact]
    public void Revalidate_request_and_reply()
    {
        var request = new RevalidateRequest(0x1234, 30000).Encode();
        Assert.Equal(Hex.Bytes("0000000000001234 00007530"), request);
        Assert.Equal(new RevalidateRequest(0x1234, 30000), RevalidateRequest.Decode(request));

        var reply = new RevalidateReply(0x1234, true).Encode();
        Assert.Equal(Hex.Bytes("0000000000001234 01"), reply);
        Assert.Equal(new RevalidateReply(0x1234, true), RevalidateReply.Decode(reply));
        Assert.True(RevalidateReply.Decode(Hex.Bytes("0000000000001234 02")).Valid); // readBoolean: non-zero
        Assert.Throws<WireFormatException>(() => RevalidateReply.Decode(reply[..8]));
        Assert.Throws<WireFormatException>(() => RevalidateRequest.Decode(request[..11]));
    }

    [Fact]
    public void Request_is_header_then_raw_record()
    {
        // Learner.request: writeLong(sessionId), writeInt(cxid), writeInt(type), then the request bytes.
        var body = new RequestBody(0x55, 7, OpCode.Delete, Hex.Bytes("00000002 2f61 ffffffff"));
        var bytes = body.Encode();
        Assert.Equal(Hex.Bytes("0000000000000055 00000007 00000002 | 00000002 2f61 ffffffff"), bytes);
        var back = RequestBody.Decode(bytes);
        Assert.Equal(0x55, back.SessionId);
        Assert.Equal(7, back.Cxid);
        Assert.Equal(OpCode.Delete, back.Type);
        Assert.Equal(Hex.Bytes("00000002 2f61 ffffffff"), back.Request.ToArray());
        Assert.True(RequestBody.Decode(bytes[..16]).Request.IsEmpty);
        Assert.Throws<WireFormatException>(() => RequestBody.Decode(bytes[..15]));
    }

    [Fact]
    public void Activate_bodies_lead_with_the_designated_leader()
    {
        Assert.Equal(Hex.Bytes("0000000000000002"), CommitAndActivateBody.Encode(2));
        Assert.Equal(2, CommitAndActivateBody.Decode(CommitAndActivateBody.Encode(2)));
        var inform = InformAndActivateBody.Encode(3, [1, 2, 3]);
        Assert.Equal(Hex.Bytes("0000000000000003 010203"), inform);
        var (leader, proposal) = InformAndActivateBody.Decode(inform);
        Assert.Equal(3, leader);
        Assert.Equal(new byte[] { 1, 2, 3 }, proposal.ToArray());
        Assert.Throws<WireFormatException>(() => InformAndActivateBody.Decode([0, 0]));
    }

    [Fact]
    public void Proposal_header_is_the_txn_header()
    {
        var data = Hex.Bytes("0000000000000055 00000007 0000000100000003 0000018000000000 00000002 | 00000002 2f61");
        var header = ProposalBody.ReadHeader(data);
        Assert.Equal(0x1_0000_0003, header.Zxid);
        Assert.Equal(OpCode.Delete, header.Type);
        Assert.Throws<WireFormatException>(() => ProposalBody.ReadHeader(data.AsSpan(0, 31)));
    }
}
