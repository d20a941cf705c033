using System.Text;
using Keeper.Core.Quotas;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tests.Quotas;

/// <summary>
/// The data tree keeps each quota's zookeeper_stats node up to date by itself (DataTree.updateQuotaStat), as
/// zkCli's setquota leaves it: the limits node, then the stats node, which the tree fills with the subtree's counts.
/// </summary>
public class QuotaBookkeepingTests
{
    private readonly TestState _state = new();
    private readonly long _s;

    public QuotaBookkeepingTests() => _s = _state.NewSession();

    private void Create(string path, string? data = null) =>
        Assert.Equal(ErrorCode.Ok, _state.Create(_s, path, data is null ? null : Encoding.UTF8.GetBytes(data)).Err);

    /// <summary>What setquota creates: the quota tree's path, the limits, then "count=0,bytes=0" stats.</summary>
    private void SetQuota(string path, string limits)
    {
        var quotaPath = QuotaPaths.QuotaRoot;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            quotaPath += "/" + segment;
            if (_state.Machine.Tree.GetNode(quotaPath) is null) Create(quotaPath);
        }
        Create(QuotaPaths.LimitPath(path), limits);
        Create(QuotaPaths.StatPath(path), "count=0,bytes=0");
    }

    private string Stats(string path) => Encoding.UTF8.GetString(_state.Machine.Tree.GetNode(QuotaPaths.StatPath(path))!.Data!);

    private ErrorCode SetData(string path, string data, int version = -1) =>
        _state.Send(_s, OpCode.SetData, new SetDataRequest(path, Encoding.UTF8.GetBytes(data), version)).Err;

    private ErrorCode Delete(string path) => _state.Send(_s, OpCode.Delete, new DeleteRequest(path, -1)).Err;

    [Fact]
    public void Creating_the_stats_node_counts_the_subtree_as_it_is()
    {
        Create("/app", "12345");
        Create("/app/a", "xy");
        Create("/app/a/b");
        SetQuota("/app", "count=10,bytes=-1");
        Assert.Equal("count=3,bytes=7", Stats("/app"));
        Assert.Equal(["/app"], _state.Machine.Tree.QuotaSubtrees);
    }

    [Fact]
    public void Creates_deletes_and_sets_under_the_quota_move_the_stats()
    {
        Create("/app");
        SetQuota("/app", "count=10,bytes=-1");
        Create("/app/a", "abc");
        Assert.Equal("count=2,bytes=3", Stats("/app"));
        Assert.Equal(ErrorCode.Ok, SetData("/app/a", "abcdefgh"));
        Assert.Equal("count=2,bytes=8", Stats("/app"));
        Assert.Equal(ErrorCode.Ok, SetData("/app", "z"));
        Assert.Equal("count=2,bytes=9", Stats("/app"));
        Assert.Equal(ErrorCode.Ok, Delete("/app/a"));
        Assert.Equal("count=1,bytes=1", Stats("/app"));
    }

    [Fact]
    public void Nodes_outside_every_quota_and_siblings_with_a_common_prefix_do_not_count()
    {
        Create("/app");
        SetQuota("/app", "count=10,bytes=-1");
        Create("/apple", "1234");
        Create("/other", "1234");
        Assert.Equal("count=1,bytes=0", Stats("/app"));
    }

    [Fact]
    public void A_change_counts_for_the_deepest_quota_above_it_only()
    {
        Create("/a");
        Create("/a/b");
        SetQuota("/a", "count=10,bytes=-1");
        SetQuota("/a/b", "count=10,bytes=-1");
        Create("/a/b/c", "xyz");
        Create("/a/d", "q");
        Assert.Equal("count=3,bytes=1", Stats("/a"));
        Assert.Equal("count=2,bytes=3", Stats("/a/b"));
    }

    [Fact]
    public void Stats_updates_are_local_the_stats_node_keeps_its_version_and_mzxid_and_fires_no_watch()
    {
        Create("/app");
        SetQuota("/app", "count=10,bytes=-1");
        var before = _state.StatOf(_s, QuotaPaths.StatPath("/app"));
        var watcher = new RecordingWatcher();
        _state.Send(_s, OpCode.GetData, new PathWatchRequest(QuotaPaths.StatPath("/app"), true), watcher);
        Create("/app/x", "12");
        var after = _state.StatOf(_s, QuotaPaths.StatPath("/app"));
        Assert.Equal("count=2,bytes=2", Stats("/app"));
        Assert.Equal((before.Version, before.Mzxid, before.Mtime), (after.Version, after.Mzxid, after.Mtime));
        Assert.Equal("count=2,bytes=2".Length, after.DataLength);
        Assert.Empty(watcher.Events);
    }

    [Fact]
    public void Deleting_the_limits_node_ends_the_bookkeeping()
    {
        Create("/app");
        SetQuota("/app", "count=10,bytes=-1");
        Assert.Equal(ErrorCode.Ok, Delete(QuotaPaths.LimitPath("/app")));
        Create("/app/x");
        Assert.Equal("count=1,bytes=0", Stats("/app"));
        Assert.Empty(_state.Machine.Tree.QuotaSubtrees);
    }

    [Fact]
    public void After_a_snapshot_load_the_quotas_are_found_again_and_their_stats_counted_afresh()
    {
        Create("/app", "1");
        Create("/app/x", "22");
        SetQuota("/app", "count=10,bytes=-1");
        var tree = _state.Machine.Tree;
        tree.GetNode(QuotaPaths.StatPath("/app"))!.Data = Encoding.UTF8.GetBytes("count=99,bytes=99");
        tree.SetUpQuotas();
        Assert.Equal("count=2,bytes=3", Stats("/app"));
        Create("/app/y");
        Assert.Equal("count=3,bytes=3", Stats("/app"));
    }

    [Fact]
    public void A_stats_node_that_does_not_parse_is_counted_afresh_with_an_error_instead_of_stopping_the_server()
    {
        var log = new RecordingQuotaLog();
        _state.Machine.QuotaLog = log;
        Create("/app");
        SetQuota("/app", "count=10,bytes=-1");
        Assert.Equal(ErrorCode.Ok, SetData(QuotaPaths.StatPath("/app"), "garbage"));
        Create("/app/x", "abc");
        Assert.Equal("count=2,bytes=3", Stats("/app"));
        Assert.Contains(log.Errors, e => e.StartsWith("Unparsable quota stats /zookeeper/quota/app/zookeeper_stats", StringComparison.Ordinal));
    }

    [Fact]
    public void A_limits_node_without_its_stats_node_logs_the_missing_node_as_ZooKeeper_does()
    {
        var log = new RecordingQuotaLog();
        _state.Machine.QuotaLog = log;
        Create("/app");
        Create("/zookeeper/quota/app");
        Create(QuotaPaths.LimitPath("/app"), "count=1,bytes=-1");
        Create("/app/x");
        Assert.Equal(["Missing node for stat /zookeeper/quota/app/zookeeper_stats"], log.Errors);
    }
}

internal sealed class RecordingQuotaLog : IQuotaLog
{
    public List<string> Warnings { get; } = [];
    public List<string> Errors { get; } = [];
    public void Warn(string message) => Warnings.Add(message);
    public void Error(string message) => Errors.Add(message);
}
