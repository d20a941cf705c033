using Keeper.Client.Tests.Support;
using Keeper.Protocol;

namespace Keeper.Client.Tests.Server;

public class PersistentWatchTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task A_persistent_watch_fires_on_every_change_and_stays()
    {
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.AddWatchAsync(P("/w"), AddWatchMode.Persistent, watch.Watcher);
        await client.CreateAsync(P("/w"), null, Open, CreateMode.Persistent);
        await client.SetDataAsync(P("/w"), Bytes("1"));
        await client.SetDataAsync(P("/w"), Bytes("2"));
        await client.DeleteAsync(P("/w"));
        Assert.Equal(
            [EventType.NodeCreated, EventType.NodeDataChanged, EventType.NodeDataChanged, EventType.NodeDeleted],
            watch.NodeEvents.Select(e => e.Type));
    }

    [Fact]
    public async Task A_persistent_watch_gets_child_events_of_its_node_but_not_of_grandchildren()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.AddWatchAsync(P("/w"), AddWatchMode.Persistent, watch.Watcher);
        await client.CreateAsync(P("/w/c"), null, Open, CreateMode.Persistent);
        await client.CreateAsync(P("/w/c/g"), null, Open, CreateMode.Persistent);
        var e = Assert.Single(watch.NodeEvents);
        Assert.Equal((EventType.NodeChildrenChanged, P("/w")), (e.Type, e.Path));
    }

    [Fact]
    public async Task A_recursive_watch_fires_for_descendants_at_any_depth()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.AddWatchAsync(P("/w"), AddWatchMode.PersistentRecursive, watch.Watcher);
        await client.CreateAsync(P("/w/a"), null, Open, CreateMode.Persistent);
        await client.CreateAsync(P("/w/a/b"), null, Open, CreateMode.Persistent);
        await client.SetDataAsync(P("/w/a/b"), Bytes("x"));
        await client.DeleteAsync(P("/w/a/b"));
        Assert.Equal(
            [(EventType.NodeCreated, P("/w/a")), (EventType.NodeCreated, P("/w/a/b")),
             (EventType.NodeDataChanged, P("/w/a/b")), (EventType.NodeDeleted, P("/w/a/b"))],
            watch.NodeEvents.Select(e => (e.Type, e.Path)));
    }

    [Fact]
    public async Task A_recursive_watch_never_gets_NodeChildrenChanged_even_when_the_server_sends_one()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var recursive = new EventRecorder();
        var children = new EventRecorder();
        await client.AddWatchAsync(P("/w"), AddWatchMode.PersistentRecursive, recursive.Watcher);
        // This child watch makes the server send NodeChildrenChanged for /w on this connection.
        await client.GetChildrenAsync(P("/w"), children.Watcher);
        await client.CreateAsync(P("/w/a"), null, Open, CreateMode.Persistent);
        Assert.Single(children.NodeEvents);
        Assert.Equal([EventType.NodeCreated], recursive.NodeEvents.Select(e => e.Type));
    }

    [Fact]
    public async Task AddWatch_without_a_watcher_uses_the_default_watcher()
    {
        var events = new EventRecorder();
        var client = await ConnectAsync(events);
        await client.AddWatchAsync(P("/w"), AddWatchMode.Persistent);
        await client.CreateAsync(P("/w"), null, Open, CreateMode.Persistent);
        Assert.Equal(EventType.NodeCreated, Assert.Single(events.NodeEvents).Type);
    }
}
