using Keeper.Client.Tests.Support;
using Keeper.Protocol;

namespace Keeper.Client.Tests.Server;

/// <summary>Connections broken under the client by a proxy between it and the server.</summary>
public class ReconnectTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task A_cut_connection_is_replaced_and_the_session_kept()
    {
        var proxy = StartProxy();
        var events = new EventRecorder();
        var client = await ConnectAsync(events, proxy.ConnectString);
        long session = client.SessionId;
        await client.CreateAsync(P("/eph"), null, Open, CreateMode.Ephemeral);
        proxy.CutAll();
        await events.WaitForStateAsync(KeeperState.Disconnected);
        await EventuallyAsync(() => Task.FromResult(events.States.Count(s => s == KeeperState.SyncConnected) == 2), "the reconnect");
        Assert.Equal(session, client.SessionId);
        Assert.Equal(2, proxy.Accepted);
        Assert.NotNull(await client.ExistsAsync(P("/eph")));
    }

    [Fact]
    public async Task A_cut_is_reported_as_Disconnected_then_SyncConnected()
    {
        var proxy = StartProxy();
        var events = new EventRecorder();
        await ConnectAsync(events, proxy.ConnectString);
        proxy.CutAll();
        await EventuallyAsync(() => Task.FromResult(events.States.Count == 3), "three state events");
        Assert.Equal([KeeperState.SyncConnected, KeeperState.Disconnected, KeeperState.SyncConnected], events.States);
    }

    [Fact]
    public async Task A_request_in_flight_at_a_cut_fails_with_ConnectionLoss()
    {
        var proxy = StartProxy();
        var client = await ConnectAsync(connectString: proxy.ConnectString);
        proxy.Frozen = true;
        var pending = client.ExistsAsync(P("/x"));
        await Task.Delay(100);
        proxy.CutAll();
        proxy.Frozen = false;
        await ThrowsKeeperAsync(ErrorCode.ConnectionLoss, () => pending.WaitAsync(TestTimeouts.Event));
    }

    [Fact]
    public async Task A_request_made_while_disconnected_is_sent_after_the_reconnect()
    {
        var proxy = StartProxy();
        var events = new EventRecorder();
        var client = await ConnectAsync(events, proxy.ConnectString);
        // Frozen: the next attempt is accepted but its handshake hangs until we let it through.
        proxy.Frozen = true;
        proxy.CutAll();
        await events.WaitForStateAsync(KeeperState.Disconnected);
        await EventuallyAsync(() => Task.FromResult(proxy.Accepted == 2), "the reconnect attempt");
        var exists = client.ExistsAsync(Root);
        Assert.False(exists.IsCompleted);
        proxy.Frozen = false;
        Assert.NotNull(await exists.WaitAsync(TestTimeouts.Event));
    }

    [Fact]
    public async Task A_data_watch_set_before_a_cut_fires_for_a_change_made_while_disconnected()
    {
        await CreateAsync(P("/w"));
        var proxy = StartProxy();
        var events = new EventRecorder();
        var client = await ConnectAsync(events, proxy.ConnectString);
        var watch = new EventRecorder();
        await client.GetDataAsync(P("/w"), watch.Watcher);
        proxy.Refuse = true;
        proxy.CutAll();
        await events.WaitForStateAsync(KeeperState.Disconnected);
        await Admin.SetDataAsync(P("/w"), Bytes("changed"));
        proxy.Refuse = false;
        // SetWatches carries the last zxid seen, so the server fires what the client missed.
        var e = await watch.WaitForNodeEventAsync(EventType.NodeDataChanged, P("/w"));
        Assert.Equal(KeeperState.SyncConnected, e.State);
    }

    [Fact]
    public async Task An_exist_watch_set_before_a_cut_fires_on_a_create_after_the_reconnect()
    {
        var proxy = StartProxy();
        var events = new EventRecorder();
        var client = await ConnectAsync(events, proxy.ConnectString);
        var watch = new EventRecorder();
        await client.ExistsAsync(P("/w"), watch.Watcher);
        proxy.CutAll();
        await EventuallyAsync(() => Task.FromResult(events.States.Count(s => s == KeeperState.SyncConnected) == 2), "the reconnect");
        await client.CreateAsync(P("/w"), null, Open, CreateMode.Persistent);
        Assert.Equal(EventType.NodeCreated, Assert.Single(watch.NodeEvents).Type);
    }

    [Fact]
    public async Task A_child_watch_is_registered_again_after_the_reconnect()
    {
        await CreateAsync(P("/w"));
        var proxy = StartProxy();
        var events = new EventRecorder();
        var client = await ConnectAsync(events, proxy.ConnectString);
        var watch = new EventRecorder();
        await client.GetChildrenAsync(P("/w"), watch.Watcher);
        proxy.CutAll();
        await EventuallyAsync(() => Task.FromResult(events.States.Count(s => s == KeeperState.SyncConnected) == 2), "the reconnect");
        await client.CreateAsync(P("/w/c"), null, Open, CreateMode.Persistent);
        Assert.Equal(EventType.NodeChildrenChanged, Assert.Single(watch.NodeEvents).Type);
    }

    [Fact]
    public async Task A_persistent_recursive_watch_is_registered_again_after_the_reconnect()
    {
        var proxy = StartProxy();
        var events = new EventRecorder();
        var client = await ConnectAsync(events, proxy.ConnectString);
        var watch = new EventRecorder();
        await client.AddWatchAsync(P("/w"), AddWatchMode.PersistentRecursive, watch.Watcher);
        proxy.CutAll();
        await EventuallyAsync(() => Task.FromResult(events.States.Count(s => s == KeeperState.SyncConnected) == 2), "the reconnect");
        await client.CreateAsync(P("/w"), null, Open, CreateMode.Persistent);
        await client.CreateAsync(P("/w/deep"), null, Open, CreateMode.Persistent);
        Assert.Equal([P("/w"), P("/w/deep")], watch.NodeEvents.Select(e => e.Path));
    }

    [Fact]
    public async Task Watches_under_a_chroot_are_registered_again_with_the_chroot()
    {
        await CreateAsync(P("/w"));
        var proxy = StartProxy();
        var events = new EventRecorder();
        var client = await ConnectAsync(events, proxy.ConnectString + Root);
        var watch = new EventRecorder();
        await client.GetDataAsync("/w", watch.Watcher);
        proxy.CutAll();
        await EventuallyAsync(() => Task.FromResult(events.States.Count(s => s == KeeperState.SyncConnected) == 2), "the reconnect");
        await client.SetDataAsync("/w", Bytes("x"));
        var e = Assert.Single(watch.NodeEvents);
        Assert.Equal((EventType.NodeDataChanged, "/w"), (e.Type, e.Path));
    }

    [Fact]
    public async Task A_silent_server_is_given_up_after_the_read_timeout()
    {
        var proxy = StartProxy();
        var events = new EventRecorder();
        var client = await ConnectAsync(events, proxy.ConnectString, sessionTimeoutMs: 3000);
        var started = DateTime.UtcNow;
        proxy.Frozen = true;
        await events.WaitForStateAsync(KeeperState.Disconnected);
        // readTimeout is 2/3 of the negotiated 3000 ms, counted from the last ping reply before the freeze.
        Assert.InRange((DateTime.UtcNow - started).TotalMilliseconds, 900, 3500);
        proxy.Frozen = false;
        await EventuallyAsync(() => Task.FromResult(client.State == ZooKeeperState.Connected), "the reconnect");
    }

    [Fact]
    public async Task Pings_keep_an_idle_session_connected()
    {
        var events = new EventRecorder();
        // Without pings the server would expire this session after 1.5 s of silence and drop the connection.
        var client = await ConnectAsync(events, sessionTimeoutMs: 1500);
        Assert.Equal(1500, client.NegotiatedTimeout);
        await Task.Delay(4000);
        Assert.Equal([KeeperState.SyncConnected], events.States);
        Assert.NotNull(await client.ExistsAsync(Root));
    }
}
