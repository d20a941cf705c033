using Keeper.Client.Tests.Support;
using Keeper.Protocol;

namespace Keeper.Client.Tests.Server;

public class RemoveWatchesTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task RemoveWatches_removes_a_data_watch_and_tells_it_DataWatchRemoved()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.GetDataAsync(P("/w"), watch.Watcher);
        await client.RemoveWatchesAsync(P("/w"), watch.Watcher, WatcherType.Data);
        await client.SetDataAsync(P("/w"), Bytes("x"));
        var e = Assert.Single(watch.NodeEvents);
        Assert.Equal((EventType.DataWatchRemoved, P("/w")), (e.Type, e.Path));
    }

    [Fact]
    public async Task RemoveWatches_leaves_other_watchers_of_the_path_alone()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var removed = new EventRecorder();
        var kept = new EventRecorder();
        await client.GetDataAsync(P("/w"), removed.Watcher);
        await client.GetDataAsync(P("/w"), kept.Watcher);
        await client.RemoveWatchesAsync(P("/w"), removed.Watcher, WatcherType.Data);
        await client.SetDataAsync(P("/w"), Bytes("x"));
        Assert.Equal(EventType.NodeDataChanged, Assert.Single(kept.NodeEvents).Type);
    }

    [Fact]
    public async Task RemoveWatches_of_a_watcher_not_registered_fails_with_NoWatcher()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var other = new EventRecorder();
        await client.GetDataAsync(P("/w"), new EventRecorder().Watcher);
        await ThrowsKeeperAsync(ErrorCode.NoWatcher, () => client.RemoveWatchesAsync(P("/w"), other.Watcher, WatcherType.Data));
    }

    [Fact]
    public async Task RemoveAllWatches_removes_child_watches_and_tells_them_ChildWatchRemoved()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.GetChildrenAsync(P("/w"), watch.Watcher);
        await client.RemoveAllWatchesAsync(P("/w"), WatcherType.Children);
        await client.CreateAsync(P("/w/c"), null, Open, CreateMode.Persistent);
        Assert.Equal(EventType.ChildWatchRemoved, Assert.Single(watch.NodeEvents).Type);
    }

    [Fact]
    public async Task RemoveAllWatches_of_type_Any_removes_persistent_watches()
    {
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.AddWatchAsync(P("/w"), AddWatchMode.PersistentRecursive, watch.Watcher);
        await client.RemoveAllWatchesAsync(P("/w"), WatcherType.Any);
        await client.CreateAsync(P("/w"), null, Open, CreateMode.Persistent);
        Assert.Equal(EventType.PersistentWatchRemoved, Assert.Single(watch.NodeEvents).Type);
    }

    [Fact]
    public async Task RemoveAllWatches_with_local_removes_the_watch_even_when_the_server_has_none()
    {
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.AddWatchAsync(P("/w"), AddWatchMode.Persistent, watch.Watcher);
        // Drop the server's watch behind the client's back, so the server answers NoWatcher.
        await client.SendRawAsync(OpCode.RemoveWatches, new Keeper.Protocol.Records.WatchesRequest(P("/w"), WatcherType.Any));
        await ThrowsKeeperAsync(ErrorCode.NoWatcher, () => client.RemoveAllWatchesAsync(P("/w"), WatcherType.Any));
        await client.RemoveAllWatchesAsync(P("/w"), WatcherType.Any, local: true);
        Assert.Equal(EventType.PersistentWatchRemoved, Assert.Single(watch.NodeEvents).Type);
    }

    [Fact]
    public async Task CheckWatches_succeeds_for_a_watch_the_server_holds()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        await client.GetDataAsync(P("/w"), new EventRecorder().Watcher);
        await client.CheckWatchesAsync(P("/w"), WatcherType.Data);
    }

    [Fact]
    public async Task CheckWatches_on_a_path_without_watches_fails_with_NoWatcher()
    {
        var client = await ConnectAsync();
        await ThrowsKeeperAsync(ErrorCode.NoWatcher, () => client.CheckWatchesAsync(P("/w"), WatcherType.Any));
    }
}
