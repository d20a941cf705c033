using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tests;

public class MultiTests
{
    private readonly TestState _state = new();

    private static MultiOp Create(string path, OpCode op = OpCode.Create) =>
        new(op, new CreateRequest(path, null, Acls.OpenAclUnsafe, 0));

    [Fact]
    public void Later_ops_see_the_effects_of_earlier_ones()
    {
        var s = _state.NewSession();
        var reply = _state.Send(s, OpCode.Multi, new MultiRequest([Create("/m"), Create("/m/child", OpCode.Create2),
            new MultiOp(OpCode.SetData, new SetDataRequest("/m", [7], 0)), new MultiOp(OpCode.Check, new CheckVersionRequest("/m", 1))]));
        var results = ((MultiResponse)reply.Body!).Results;
        // create2 inside a multi is answered as a plain create (ZooKeeper 3.8, checked live).
        Assert.Equal([OpCode.Create, OpCode.Create, OpCode.SetData, OpCode.Check], results.Select(r => r.Type));
        Assert.Equal("/m", ((PathRecord)results[0].Body!).Path);
        Assert.Equal(1, ((StatResponse)results[2].Body!).Stat.Version);
    }

    [Fact]
    public void A_failing_op_rolls_back_everything_and_reports_ok_failure_then_runtime_inconsistency()
    {
        var s = _state.NewSession();
        _state.Create(s, "/w");
        var reply = _state.Send(s, OpCode.Multi, new MultiRequest([Create("/m1"), Create("/w"), Create("/m2")]));
        Assert.Equal(ErrorCode.Ok, reply.Err);
        var results = ((MultiResponse)reply.Body!).Results;
        Assert.All(results, r => Assert.Equal(OpCode.Error, r.Type));
        Assert.Equal([ErrorCode.Ok, ErrorCode.NodeExists, ErrorCode.RuntimeInconsistency], results.Select(r => r.Err));
        Assert.Equal(ErrorCode.NoNode, _state.Send(s, OpCode.Exists, new PathWatchRequest("/m1", false)).Err);
    }

    [Fact]
    public void A_rolled_back_multi_leaves_no_pending_changes_behind()
    {
        var s = _state.NewSession();
        _state.Send(s, OpCode.Multi, new MultiRequest([Create("/x"), new MultiOp(OpCode.Delete, new DeleteRequest("/nope", -1))]));
        Assert.Equal(0, _state.Machine.PendingChangeCount);
        Assert.Equal(ErrorCode.Ok, _state.Create(s, "/x").Err);
    }

    [Fact]
    public void A_failed_multi_uses_one_zxid()
    {
        var s = _state.NewSession();
        long before = _state.Machine.LastProcessedZxid;
        _state.Send(s, OpCode.Multi, new MultiRequest([Create("/a"), Create("/a")]));
        Assert.Equal(before + 1, _state.Machine.LastProcessedZxid);
    }

    [Fact]
    public void MultiRead_answers_each_op_on_its_own()
    {
        var s = _state.NewSession();
        _state.Create(s, "/r", [1, 2]);
        var reply = _state.Send(s, OpCode.MultiRead, new MultiRequest([
            new MultiOp(OpCode.GetData, new PathWatchRequest("/r", false)),
            new MultiOp(OpCode.GetChildren, new PathWatchRequest("/missing", false)),
            new MultiOp(OpCode.GetChildren, new PathWatchRequest("/", false))]));
        var results = ((MultiResponse)reply.Body!).Results;
        Assert.Equal([1, 2], ((GetDataResponse)results[0].Body!).Data);
        Assert.Equal(ErrorCode.NoNode, results[1].Err);
        Assert.Contains("r", ((StringListResponse)results[2].Body!).Items);
    }

    [Fact]
    public void A_failed_multi_txn_keeps_the_real_sub_txns_before_the_failure_as_ZooKeeper_logs_it()
    {
        var s = _state.NewSession();
        _state.Create(s, "/w");
        var request = new Requests.Request(s, 1, OpCode.Multi, new MultiRequest([Create("/m1"), Create("/w"), Create("/m2")]), [], null);
        var txn = _state.Machine.PrepareWrite(request, _state.Wall);
        var subs = ((MultiTxn)txn.Body!).Txns;
        Assert.Equal([OpCode.Create, OpCode.Error, OpCode.Error], subs.Select(t => t.Type));
        Assert.Equal([ErrorCode.NodeExists, ErrorCode.RuntimeInconsistency], subs.Skip(1).Select(t => ((ErrorTxn)t.Body!).Err));
    }

    [Fact]
    public void A_check_on_its_own_is_logged_as_an_error_txn_that_every_reader_accepts()
    {
        var s = _state.NewSession();
        _state.Create(s, "/c");
        var request = new Requests.Request(s, 1, OpCode.Check, new CheckVersionRequest("/c", 0), [], null);
        var txn = _state.Machine.PrepareWrite(request, _state.Wall);
        Assert.Equal(OpCode.Error, txn.Header.Type);
        Assert.Equal(ErrorCode.Ok, ((ErrorTxn)txn.Body!).Err);
    }
}
