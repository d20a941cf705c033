using Keeper.Client.Watches;
using Keeper.Protocol;

namespace Keeper.Client.Tests.Unit;

/// <summary>Event routing of the watch tables, as ZKWatchManager.materialize.</summary>
public class WatchManagerTests
{
    private static readonly Action<WatchedEvent> Default = _ => { };
    private readonly WatchManager _manager = new(Default);
    private readonly Action<WatchedEvent> _a = _ => { };
    private readonly Action<WatchedEvent> _b = _ => { };

    [Theory]
    [InlineData(EventType.NodeCreated)]
    [InlineData(EventType.NodeDataChanged)]
    public void Created_and_data_changed_fire_data_and_exist_watches_but_not_child_watches(EventType type)
    {
        _manager.Add(WatchTable.Data, "/x", _a);
        _manager.Add(WatchTable.Exist, "/x", _b);
        _manager.Add(WatchTable.Child, "/x", Default);
        Assert.Equal([_a, _b], _manager.Materialize(KeeperState.SyncConnected, type, "/x"));
        Assert.Equal(["/x"], _manager.Snapshot().Child);
    }

    [Fact]
    public void Deleted_fires_data_exist_and_child_watches()
    {
        _manager.Add(WatchTable.Data, "/x", _a);
        _manager.Add(WatchTable.Child, "/x", _b);
        Assert.Equal([_a, _b], _manager.Materialize(KeeperState.SyncConnected, EventType.NodeDeleted, "/x"));
        Assert.True(_manager.Snapshot().IsEmpty);
    }

    [Fact]
    public void Children_changed_fires_only_child_watches()
    {
        _manager.Add(WatchTable.Data, "/x", _a);
        _manager.Add(WatchTable.Child, "/x", _b);
        Assert.Equal([_b], _manager.Materialize(KeeperState.SyncConnected, EventType.NodeChildrenChanged, "/x"));
    }

    [Fact]
    public void One_shot_watches_are_removed_when_they_fire()
    {
        _manager.Add(WatchTable.Data, "/x", _a);
        _manager.Materialize(KeeperState.SyncConnected, EventType.NodeDataChanged, "/x");
        Assert.Empty(_manager.Materialize(KeeperState.SyncConnected, EventType.NodeDataChanged, "/x"));
    }

    [Fact]
    public void A_watcher_in_two_tables_is_called_once()
    {
        _manager.Add(WatchTable.Data, "/x", _a);
        _manager.Add(WatchTable.Child, "/x", _a);
        Assert.Equal([_a], _manager.Materialize(KeeperState.SyncConnected, EventType.NodeDeleted, "/x"));
    }

    [Fact]
    public void Persistent_watches_stay_after_firing()
    {
        _manager.Add(WatchTable.Persistent, "/x", _a);
        Assert.Equal([_a], _manager.Materialize(KeeperState.SyncConnected, EventType.NodeDataChanged, "/x"));
        Assert.Equal([_a], _manager.Materialize(KeeperState.SyncConnected, EventType.NodeChildrenChanged, "/x"));
    }

    [Fact]
    public void Recursive_watches_match_descendants()
    {
        _manager.Add(WatchTable.PersistentRecursive, "/x", _a);
        Assert.Equal([_a], _manager.Materialize(KeeperState.SyncConnected, EventType.NodeCreated, "/x/y/z"));
        Assert.Empty(_manager.Materialize(KeeperState.SyncConnected, EventType.NodeCreated, "/xy"));
    }

    [Fact]
    public void Recursive_watches_never_get_children_changed()
    {
        _manager.Add(WatchTable.PersistentRecursive, "/x", _a);
        Assert.Empty(_manager.Materialize(KeeperState.SyncConnected, EventType.NodeChildrenChanged, "/x"));
    }

    [Fact]
    public void A_recursive_watch_on_the_root_matches_everything()
    {
        _manager.Add(WatchTable.PersistentRecursive, "/", _a);
        Assert.Equal([_a], _manager.Materialize(KeeperState.SyncConnected, EventType.NodeDeleted, "/q"));
    }

    [Fact]
    public void State_events_go_to_the_default_watcher_and_every_registered_watcher_and_clear_nothing()
    {
        _manager.Add(WatchTable.Data, "/x", _a);
        _manager.Add(WatchTable.Persistent, "/y", _b);
        Assert.Equal([Default, _a, _b], _manager.Materialize(KeeperState.Disconnected, EventType.None, null));
        Assert.False(_manager.Snapshot().IsEmpty);
    }

    [Fact]
    public void Removing_an_unregistered_watcher_gives_NoWatcher()
    {
        Assert.Equal(ErrorCode.NoWatcher, _manager.Remove("/x", _a, WatcherType.Data, false, ErrorCode.Ok, out _));
    }

    [Fact]
    public void Removing_after_a_server_error_keeps_the_watch_unless_local()
    {
        _manager.Add(WatchTable.Data, "/x", _a);
        Assert.Equal(ErrorCode.ConnectionLoss, _manager.Remove("/x", _a, WatcherType.Data, false, ErrorCode.ConnectionLoss, out _));
        Assert.Equal(ErrorCode.Ok, _manager.Remove("/x", _a, WatcherType.Data, true, ErrorCode.ConnectionLoss, out var removed));
        Assert.Equal(EventType.DataWatchRemoved, removed.Single().Type);
        Assert.True(_manager.Snapshot().IsEmpty);
    }
}
