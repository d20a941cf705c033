using Keeper.Client.Tests.Support;
using Keeper.Protocol;

namespace Keeper.Client.Tests.Server;

/// <summary>
/// One-shot watches. Changes are made by the watching client itself: the server sends the event before
/// the reply to the change, and the client delivers it before the await resumes, so "no event" can be
/// asserted right after the await without sleeping.
/// </summary>
public class WatchTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Exists_on_a_missing_node_sets_a_watch_that_fires_on_create()
    {
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        Assert.Null(await client.ExistsAsync(P("/w"), watch.Watcher));
        await client.CreateAsync(P("/w"), null, Open, CreateMode.Persistent);
        var e = Assert.Single(watch.NodeEvents);
        Assert.Equal(new WatchedEvent(EventType.NodeCreated, KeeperState.SyncConnected, P("/w"), -1), e);
    }

    [Fact]
    public async Task Exists_on_an_existing_node_sets_a_watch_that_fires_on_data_change()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.ExistsAsync(P("/w"), watch.Watcher);
        await client.SetDataAsync(P("/w"), Bytes("x"));
        Assert.Equal(EventType.NodeDataChanged, Assert.Single(watch.NodeEvents).Type);
    }

    [Fact]
    public async Task A_data_watch_fires_only_once()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.GetDataAsync(P("/w"), watch.Watcher);
        await client.SetDataAsync(P("/w"), Bytes("1"));
        await client.SetDataAsync(P("/w"), Bytes("2"));
        Assert.Single(watch.NodeEvents);
    }

    [Fact]
    public async Task A_data_watch_fires_NodeDeleted_when_the_node_is_deleted()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.GetDataAsync(P("/w"), watch.Watcher);
        await client.DeleteAsync(P("/w"));
        Assert.Equal(EventType.NodeDeleted, Assert.Single(watch.NodeEvents).Type);
    }

    [Fact]
    public async Task A_child_watch_fires_NodeChildrenChanged_when_a_child_is_created()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.GetChildrenAsync(P("/w"), watch.Watcher);
        await client.CreateAsync(P("/w/c"), null, Open, CreateMode.Persistent);
        var e = Assert.Single(watch.NodeEvents);
        Assert.Equal((EventType.NodeChildrenChanged, P("/w")), (e.Type, e.Path));
    }

    [Fact]
    public async Task A_child_watch_ignores_data_changes_of_its_node()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.GetChildren2Async(P("/w"), watch.Watcher);
        await client.SetDataAsync(P("/w"), Bytes("x"));
        Assert.Empty(watch.NodeEvents);
    }

    [Fact]
    public async Task A_child_watch_fires_NodeDeleted_when_its_node_is_deleted()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.GetChildren2Async(P("/w"), watch.Watcher);
        await client.DeleteAsync(P("/w"));
        Assert.Equal(EventType.NodeDeleted, Assert.Single(watch.NodeEvents).Type);
    }

    [Fact]
    public async Task The_same_watcher_registered_twice_on_a_path_fires_once()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.GetDataAsync(P("/w"), watch.Watcher);
        await client.ExistsAsync(P("/w"), watch.Watcher);
        await client.SetDataAsync(P("/w"), Bytes("x"));
        Assert.Single(watch.NodeEvents);
    }

    [Fact]
    public async Task A_watcher_set_as_data_and_child_watch_gets_one_NodeDeleted()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.GetDataAsync(P("/w"), watch.Watcher);
        await client.GetChildrenAsync(P("/w"), watch.Watcher);
        await client.DeleteAsync(P("/w"));
        Assert.Single(watch.NodeEvents);
    }

    [Fact]
    public async Task Different_watchers_on_the_same_path_each_fire()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var one = new EventRecorder();
        var two = new EventRecorder();
        await client.GetDataAsync(P("/w"), one.Watcher);
        await client.GetDataAsync(P("/w"), two.Watcher);
        await client.SetDataAsync(P("/w"), Bytes("x"));
        Assert.Single(one.NodeEvents);
        Assert.Single(two.NodeEvents);
    }

    [Fact]
    public async Task Watch_true_uses_the_default_watcher()
    {
        await CreateAsync(P("/w"));
        var events = new EventRecorder();
        var client = await ConnectAsync(events);
        await client.GetDataAsync(P("/w"), watch: true);
        await client.SetDataAsync(P("/w"), Bytes("x"));
        Assert.Equal(EventType.NodeDataChanged, Assert.Single(events.NodeEvents).Type);
    }

    [Fact]
    public async Task A_failed_getData_sets_no_watch()
    {
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await ThrowsKeeperAsync(ErrorCode.NoNode, () => client.GetDataAsync(P("/w"), watch.Watcher));
        await client.CreateAsync(P("/w"), null, Open, CreateMode.Persistent);
        Assert.Empty(watch.NodeEvents);
    }

    [Fact]
    public async Task Changes_by_another_client_fire_the_watch()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.GetDataAsync(P("/w"), watch.Watcher);
        await Admin.SetDataAsync(P("/w"), Bytes("x"));
        await watch.WaitForNodeEventAsync(EventType.NodeDataChanged, P("/w"));
    }

    [Fact]
    public async Task A_throwing_watcher_does_not_stop_later_events()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.GetDataAsync(P("/w"), _ => throw new InvalidOperationException("boom"));
        await client.SetDataAsync(P("/w"), Bytes("1"));
        await client.GetDataAsync(P("/w"), watch.Watcher);
        await client.SetDataAsync(P("/w"), Bytes("2"));
        Assert.Single(watch.NodeEvents);
    }

    [Fact]
    public async Task State_changes_also_reach_registered_watchers_as_in_Java()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.GetDataAsync(P("/w"), watch.Watcher);
        await client.CloseAsync();
        Assert.Equal([KeeperState.Closed], watch.States);
    }
}
