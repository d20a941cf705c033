using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tests;

public class WatchTests
{
    private readonly TestState _state = new();
    private readonly RecordingWatcher _watcher = new();

    [Fact]
    public void Exists_on_a_missing_node_sets_a_watch_that_fires_on_create()
    {
        var s = _state.NewSession();
        Assert.Equal(ErrorCode.NoNode, _state.Send(s, OpCode.Exists, new PathWatchRequest("/w", true), _watcher).Err);
        _state.Create(s, "/w");
        Assert.Equal([(EventType.NodeCreated, "/w")], _watcher.Events);
    }

    [Fact]
    public void Standard_watches_fire_once()
    {
        var s = _state.NewSession();
        _state.Create(s, "/d");
        _state.Send(s, OpCode.GetData, new PathWatchRequest("/d", true), _watcher);
        _state.Send(s, OpCode.SetData, new SetDataRequest("/d", [1], -1));
        _state.Send(s, OpCode.SetData, new SetDataRequest("/d", [2], -1));
        Assert.Equal([(EventType.NodeDataChanged, "/d")], _watcher.Events);
    }

    [Fact]
    public void Delete_tells_a_watcher_with_data_and_child_watches_once_and_the_parent_child_watchers()
    {
        var s = _state.NewSession();
        _state.Create(s, "/p");
        _state.Create(s, "/p/c");
        _state.Send(s, OpCode.GetData, new PathWatchRequest("/p/c", true), _watcher);
        _state.Send(s, OpCode.GetChildren, new PathWatchRequest("/p/c", true), _watcher);
        _state.Send(s, OpCode.GetChildren2, new PathWatchRequest("/p", true), _watcher);
        _state.Send(s, OpCode.Delete, new DeleteRequest("/p/c", -1));
        Assert.Equal([(EventType.NodeDeleted, "/p/c"), (EventType.NodeChildrenChanged, "/p")], _watcher.Events);
    }

    [Fact]
    public void Persistent_recursive_watch_sees_descendants_but_never_child_list_changes()
    {
        var s = _state.NewSession();
        _state.Create(s, "/r");
        _state.Send(s, OpCode.AddWatch, new AddWatchRequest("/r", AddWatchMode.PersistentRecursive), _watcher);
        _state.Create(s, "/r/a");
        _state.Send(s, OpCode.SetData, new SetDataRequest("/r/a", [1], -1));
        _state.Send(s, OpCode.Delete, new DeleteRequest("/r/a", -1));
        Assert.Equal([(EventType.NodeCreated, "/r/a"), (EventType.NodeDataChanged, "/r/a"), (EventType.NodeDeleted, "/r/a")], _watcher.Events);
    }

    [Fact]
    public void Persistent_watch_stays_and_sees_child_changes_of_its_own_path()
    {
        var s = _state.NewSession();
        _state.Create(s, "/p");
        _state.Send(s, OpCode.AddWatch, new AddWatchRequest("/p", AddWatchMode.Persistent), _watcher);
        _state.Create(s, "/p/a");
        _state.Create(s, "/p/b");
        _state.Send(s, OpCode.SetData, new SetDataRequest("/p", [1], -1));
        Assert.Equal([(EventType.NodeChildrenChanged, "/p"), (EventType.NodeChildrenChanged, "/p"), (EventType.NodeDataChanged, "/p")], _watcher.Events);
    }

    [Fact]
    public void SetWatches_fires_for_changes_after_the_relative_zxid_and_registers_the_rest()
    {
        var s = _state.NewSession();
        _state.Create(s, "/same");
        long seen = _state.Machine.LastProcessedZxid;
        _state.Create(s, "/changed");
        _state.Send(s, OpCode.SetData, new SetDataRequest("/same", [1], -1));
        _state.Send(s, OpCode.SetWatches, new SetWatches(seen, ["/same", "/gone"], ["/changed", "/absent"], ["/"]), _watcher);
        Assert.Contains((EventType.NodeDataChanged, "/same"), _watcher.Events);
        Assert.Contains((EventType.NodeDeleted, "/gone"), _watcher.Events);
        Assert.Contains((EventType.NodeCreated, "/changed"), _watcher.Events);
        Assert.Contains((EventType.NodeChildrenChanged, "/"), _watcher.Events);
        _watcher.Events.Clear();
        _state.Create(s, "/absent");
        Assert.Equal([(EventType.NodeCreated, "/absent")], _watcher.Events);
    }

    [Fact]
    public void RemoveWatches_reports_no_watcher_when_none_is_set()
    {
        var s = _state.NewSession();
        _state.Create(s, "/x");
        Assert.Equal(ErrorCode.NoWatcher, _state.Send(s, OpCode.RemoveWatches, new WatchesRequest("/x", WatcherType.Data), _watcher).Err);
        _state.Send(s, OpCode.GetData, new PathWatchRequest("/x", true), _watcher);
        Assert.Equal(ErrorCode.Ok, _state.Send(s, OpCode.CheckWatches, new WatchesRequest("/x", WatcherType.Any), _watcher).Err);
        Assert.Equal(ErrorCode.Ok, _state.Send(s, OpCode.RemoveWatches, new WatchesRequest("/x", WatcherType.Data), _watcher).Err);
        _state.Send(s, OpCode.SetData, new SetDataRequest("/x", [1], -1));
        Assert.Empty(_watcher.Events);
    }

    [Fact]
    public void A_watcher_that_may_not_read_the_node_is_not_told_and_its_watch_is_used_up()
    {
        var s = _state.NewSession();
        var bob = new Id("digest", Auth.DigestAuth.Digest("bob:secret"));
        _state.Create(s, "/private", acl: [new Acl(Perms.All, bob)], auth: bob);
        _state.Send(s, OpCode.Exists, new PathWatchRequest("/private", true), _watcher);
        _state.Send(s, OpCode.SetData, new SetDataRequest("/private", [1], -1), null, bob);
        Assert.Empty(_watcher.Events);
        Assert.Equal(ErrorCode.NoWatcher, _state.Send(s, OpCode.CheckWatches, new WatchesRequest("/private", WatcherType.Data), _watcher).Err);

        var reader = new RecordingWatcher(bob);
        _state.Send(s, OpCode.Exists, new PathWatchRequest("/private", true), reader);
        _state.Send(s, OpCode.SetData, new SetDataRequest("/private", [2], -1), null, bob);
        Assert.Equal([(EventType.NodeDataChanged, "/private")], reader.Events);
    }
}
