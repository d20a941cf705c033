using Keeper.Core.Requests;
using Keeper.Core.Sessions;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tests;

/// <summary>
/// Writes of sessions outside the replicated table with localSessionsEnabled (LeaderSessionTracker.checkSession and
/// checkGlobalSession): this server is 1; its own local sessions and other members' sessions may write, but an
/// ephemeral needs a global session.
/// </summary>
public class LocalSessionRuleTests
{
    private readonly TestState _state = new();
    private static readonly long OurLocal = (1L << 56) | 7;
    private static readonly long OursUnknown = (1L << 56) | 8;
    private static readonly long AFollowersLocal = (2L << 56) | 7;

    public LocalSessionRuleTests() =>
        _state.Machine.LocalSessions = new LocalSessionRule(1, id => id == OurLocal);

    [Fact]
    public void Local_sessions_of_ours_and_of_other_members_write_persistent_nodes()
    {
        Assert.Equal(ErrorCode.Ok, _state.Create(OurLocal, "/ours").Err);
        Assert.Equal(ErrorCode.Ok, _state.Create(AFollowersLocal, "/theirs").Err);
        Assert.Equal(ErrorCode.SessionExpired, _state.Create(OursUnknown, "/dead").Err); // ours, and gone
    }

    [Fact]
    public void An_ephemeral_needs_a_global_session()
    {
        Assert.Equal(ErrorCode.SessionExpired, _state.Create(OurLocal, "/e1", mode: CreateMode.Ephemeral).Err);
        Assert.Equal(ErrorCode.SessionExpired, _state.Create(AFollowersLocal, "/e2", mode: CreateMode.Ephemeral).Err);
        long global = _state.NewSession();
        Assert.Equal(ErrorCode.Ok, _state.Create(global, "/e3", mode: CreateMode.Ephemeral).Err);
    }

    [Fact]
    public void Without_the_rule_every_unknown_session_has_expired()
    {
        _state.Machine.LocalSessions = null;
        Assert.Equal(ErrorCode.SessionExpired, _state.Create(AFollowersLocal, "/theirs").Err);
    }

    [Fact]
    public void A_refused_ephemeral_is_an_error_txn_with_EphemeralOnLocalSession_also_inside_a_multi()
    {
        var create = new CreateRequest("/e", [], Acls.OpenAclUnsafe, (int)CreateMode.Ephemeral, -1, false);
        var request = new Request(OurLocal, 1, OpCode.Create, create, [], null) { EphemeralRefusal = ErrorCode.EphemeralOnLocalSession };
        var txn = _state.Machine.PrepareWrite(request, _state.Wall);
        Assert.Equal(OpCode.Error, txn.Header.Type);
        Assert.Equal(ErrorCode.EphemeralOnLocalSession, WriteReplies.For(OpCode.Create, _state.Machine.Apply(txn, _state.Now)).Err);

        var multi = new MultiRequest([new MultiOp(OpCode.Create, create with { Path = "/p", Flags = 0 }), new MultiOp(OpCode.Create, create)]);
        var multiTxn = _state.Machine.PrepareWrite(
            new Request(OurLocal, 2, OpCode.Multi, multi, [], null) { EphemeralRefusal = ErrorCode.EphemeralOnLocalSession }, _state.Wall);
        var results = ((MultiResponse)WriteReplies.For(OpCode.Multi, _state.Machine.Apply(multiTxn, _state.Now)).Body!).Results;
        Assert.Equal(ErrorCode.EphemeralOnLocalSession, results[1].Err);
        Assert.Equal(ErrorCode.NoNode, _state.Send(OurLocal, OpCode.Exists, new PathWatchRequest("/p", false)).Err); // rolled back
    }
}
