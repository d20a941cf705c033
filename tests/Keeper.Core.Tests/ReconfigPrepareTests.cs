using System.Text;
using Keeper.Core.Requests;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tests;

/// <summary>
/// The reconfig op in the request preparer, in PrepRequestProcessor's order: disabled first, then the session, then the
/// ensemble's checks, then WRITE on /zookeeper/config; a passing reconfig is a SetDataTxn of the new membership with
/// data version -1, answered with that membership and the node's stat.
/// </summary>
public class ReconfigPrepareTests
{
    private static readonly ReconfigRequest RemoveThree = new(null, "3", null, -1);
    private static readonly byte[] NewMembership = Encoding.UTF8.GetBytes("server.1=a:1:2:participant\nserver.2=b:1:2:participant\nversion=100000001");

    private sealed class FakePlanner(ErrorCode refusal = ErrorCode.Ok) : IReconfigPlanner
    {
        public bool Enabled { get; init; } = true;
        public bool CanPropose => true;
        public int Planned { get; private set; }

        public byte[] Plan(ReconfigRequest request, long zxid)
        {
            Planned++;
            return refusal == ErrorCode.Ok ? NewMembership : throw new KeeperException(refusal);
        }
    }

    private static TestState With(IReconfigPlanner? planner) => new(reconfig: planner);

    private static readonly Id Super = new("super", "");

    [Fact]
    public void Without_a_planner_or_with_reconfig_disabled_even_super_gets_ReconfigDisabled_before_any_check()
    {
        foreach (var planner in new IReconfigPlanner?[] { null, new FakePlanner { Enabled = false } })
        {
            var state = With(planner);
            Assert.Equal(ErrorCode.ReconfigDisabled, state.Send(0x7777, OpCode.Reconfig, RemoveThree, null, Super).Err);
        }
    }

    [Fact]
    public void A_dead_session_is_refused_before_the_ensemble_is_asked()
    {
        var planner = new FakePlanner();
        Assert.Equal(ErrorCode.SessionExpired, With(planner).Send(0x7777, OpCode.Reconfig, RemoveThree, null, Super).Err);
        Assert.Equal(0, planner.Planned);
    }

    [Theory]
    [InlineData(ErrorCode.BadArguments)]
    [InlineData(ErrorCode.NewConfigNoQuorum)]
    [InlineData(ErrorCode.ReconfigInProgress)]
    public void The_ensembles_refusal_comes_before_the_ACL_check(ErrorCode refusal)
    {
        var state = With(new FakePlanner(refusal));
        var session = state.NewSession();
        Assert.Equal(refusal, state.Send(session, OpCode.Reconfig, RemoveThree).Err); // not NoAuth
    }

    [Fact]
    public void Without_write_permission_on_zookeeper_config_it_is_NoAuth_and_nothing_changes()
    {
        var state = With(new FakePlanner());
        var session = state.NewSession();
        Assert.Equal(ErrorCode.NoAuth, state.Send(session, OpCode.Reconfig, RemoveThree).Err);
        Assert.Empty(state.Machine.Tree.GetNode("/zookeeper/config")!.Data!);
    }

    [Fact]
    public void The_super_user_gets_the_new_membership_written_with_data_version_minus_1()
    {
        var state = With(new FakePlanner());
        var session = state.NewSession();
        var reply = state.Send(session, OpCode.Reconfig, RemoveThree, null, Super);

        Assert.Equal(ErrorCode.Ok, reply.Err);
        var body = Assert.IsType<GetDataResponse>(reply.Body);
        Assert.Equal(NewMembership, body.Data);
        Assert.Equal(-1, body.Stat.Version);
        var node = state.Machine.Tree.GetNode("/zookeeper/config")!;
        Assert.Equal(NewMembership, node.Data);
        Assert.Equal(body.Stat.Mzxid, node.Mzxid);
    }
}
