using System.Text;
using Keeper.Core.Quotas;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tests.Quotas;

/// <summary>
/// zookeeper.enforceQuota: ZooKeeperServer.checkQuota in PrepRequestProcessor's order. Soft limits only warn,
/// hard limits (which win over soft ones) refuse the create or setData with QuotaExceeded.
/// </summary>
public class QuotaEnforcementTests
{
    private readonly TestState _state = new(enforceQuota: true);
    private readonly RecordingQuotaLog _log = new();
    private readonly long _s;

    public QuotaEnforcementTests()
    {
        _s = _state.NewSession();
        _state.Machine.QuotaLog = _log;
    }

    private ErrorCode Create(string path, string? data = null, TestState? state = null) =>
        (state ?? _state).Create(_s, path, data is null ? null : Encoding.UTF8.GetBytes(data)).Err;

    private void SetQuota(string path, string limits, TestState? state = null)
    {
        var st = state ?? _state;
        var quotaPath = QuotaPaths.QuotaRoot;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            quotaPath += "/" + segment;
            if (st.Machine.Tree.GetNode(quotaPath) is null) Assert.Equal(ErrorCode.Ok, Create(quotaPath, null, st));
        }
        Assert.Equal(ErrorCode.Ok, Create(QuotaPaths.LimitPath(path), limits, st));
        Assert.Equal(ErrorCode.Ok, Create(QuotaPaths.StatPath(path), "count=0,bytes=0", st));
    }

    private ErrorCode SetData(string path, string data, int version = -1) =>
        _state.Send(_s, OpCode.SetData, new SetDataRequest(path, Encoding.UTF8.GetBytes(data), version)).Err;

    [Fact]
    public void A_create_past_the_hard_count_limit_is_QuotaExceeded_and_logged()
    {
        Assert.Equal(ErrorCode.Ok, Create("/app"));
        SetQuota("/app", "count=-1,bytes=-1=;countHardLimit=2");
        Assert.Equal(ErrorCode.Ok, Create("/app/a"));
        Assert.Equal(ErrorCode.QuotaExceeded, Create("/app/b"));
        Assert.Null(_state.Machine.Tree.GetNode("/app/b"));
        Assert.Equal(["Message:Quota exceeded: /app [current count=3, hardCountLimit=2] Value:null"], _log.Warnings);
        Assert.Equal(1, _state.Machine.QuotaExceededByNamespace["app"]);
    }

    [Fact]
    public void A_soft_limit_only_warns()
    {
        Assert.Equal(ErrorCode.Ok, Create("/app"));
        SetQuota("/app", "count=1,bytes=2");
        Assert.Equal(ErrorCode.Ok, Create("/app/a", "xyz"));
        Assert.Equal(
            ["Message:Quota exceeded: /app [current count=2, softCountLimit=1] Value:null",
             "Message:Quota exceeded: /app [current bytes=3, softByteLimit=2] Value:null"],
            _log.Warnings);
        Assert.Empty(_state.Machine.QuotaExceededByNamespace);
    }

    [Fact]
    public void The_hard_limit_wins_over_the_soft_one_so_going_past_the_soft_one_says_nothing()
    {
        Assert.Equal(ErrorCode.Ok, Create("/app"));
        SetQuota("/app", "count=1,bytes=-1=;countHardLimit=5");
        Assert.Equal(ErrorCode.Ok, Create("/app/a"));
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public void A_setData_that_grows_past_the_hard_byte_limit_is_refused_and_a_shrinking_one_is_not()
    {
        Assert.Equal(ErrorCode.Ok, Create("/app", "12345"));
        SetQuota("/app", "count=-1,bytes=-1=;byteHardLimit=6");
        Assert.Equal(ErrorCode.QuotaExceeded, SetData("/app", "1234567"));
        Assert.Equal(ErrorCode.Ok, SetData("/app", "1"));
        Assert.Equal(ErrorCode.Ok, SetData("/app", "123456"));
    }

    [Fact]
    public void Without_enforceQuota_nothing_is_refused_or_logged()
    {
        var state = new TestState();
        var log = new RecordingQuotaLog();
        state.Machine.QuotaLog = log;
        var s = state.NewSession();
        Assert.Equal(ErrorCode.Ok, state.Create(s, "/app").Err);
        SetQuota("/app", "count=-1,bytes=-1=;countHardLimit=1", state);
        Assert.Equal(ErrorCode.Ok, state.Create(s, "/app/a").Err);
        Assert.Empty(log.Warnings);
    }

    [Fact]
    public void Quota_is_checked_after_the_ephemeral_parent_and_before_the_version()
    {
        Assert.Equal(ErrorCode.Ok, Create("/app"));
        Assert.Equal(ErrorCode.Ok, _state.Create(_s, "/app/e", mode: CreateMode.Ephemeral).Err);
        SetQuota("/app", "count=-1,bytes=-1=;countHardLimit=1;byteHardLimit=0");
        Assert.Equal(ErrorCode.NodeExists, Create("/app/e"));
        Assert.Equal(ErrorCode.NoChildrenForEphemerals, Create("/app/e/x"));
        Assert.Equal(ErrorCode.QuotaExceeded, Create("/app/x"));
        Assert.Equal(ErrorCode.QuotaExceeded, SetData("/app", "x", version: 42));
        Assert.Equal(ErrorCode.NoNode, SetData("/app/none", "x"));
    }

    [Fact]
    public void A_multi_is_checked_against_the_applied_tree_so_its_creates_do_not_see_each_other()
    {
        Assert.Equal(ErrorCode.Ok, Create("/app"));
        SetQuota("/app", "count=-1,bytes=-1=;countHardLimit=2");
        var reply = _state.Send(_s, OpCode.Multi, new MultiRequest([
            new MultiOp(OpCode.Create, new CreateRequest("/app/a", null, Acls.OpenAclUnsafe, 0)),
            new MultiOp(OpCode.Create, new CreateRequest("/app/b", null, Acls.OpenAclUnsafe, 0)),
        ]));
        Assert.Equal(ErrorCode.Ok, reply.Err);
        Assert.All(((MultiResponse)reply.Body!).Results, r => Assert.Equal(ErrorCode.Ok, r.Err));
        Assert.Equal(ErrorCode.QuotaExceeded, Create("/app/c"));
    }

    [Fact]
    public void A_limits_node_that_does_not_parse_fails_the_write_with_MarshallingError_and_one_error_line()
    {
        Assert.Equal(ErrorCode.Ok, Create("/app"));
        SetQuota("/app", "count=-1,bytes=-1=;countHardLimit=5");
        Assert.Equal(ErrorCode.Ok, SetData(QuotaPaths.LimitPath("/app"), "count=1,bytes=x"));
        Assert.Equal(ErrorCode.MarshallingError, Create("/app/a"));
        Assert.Null(_state.Machine.Tree.GetNode("/app/a"));
        Assert.Single(_log.Errors);
    }

    [Fact]
    public void Repeats_of_one_warning_are_counted_until_100_ms_have_passed()
    {
        Assert.Equal(ErrorCode.Ok, Create("/app"));
        SetQuota("/app", "count=-1,bytes=-1=;countHardLimit=1");
        Assert.Equal(ErrorCode.QuotaExceeded, Create("/app/a"));
        Assert.Equal(ErrorCode.QuotaExceeded, Create("/app/b"));
        Assert.Single(_log.Warnings);
        _state.Wall += 100;
        Assert.Equal(ErrorCode.QuotaExceeded, Create("/app/c"));
        Assert.Equal("[2 times] Message: Quota exceeded: /app [current count=2, hardCountLimit=1]", _log.Warnings[^1]);
    }
}
