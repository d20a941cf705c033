using System.Net;
using System.Net.Sockets;
using Keeper.Client.Tests.Support;
using Keeper.Protocol;

namespace Keeper.Client.Tests.Server;

public class SessionTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Connect_establishes_a_session_with_a_16_byte_password_and_the_negotiated_timeout()
    {
        var client = await ConnectAsync(sessionTimeoutMs: 5000);
        Assert.NotEqual(0, client.SessionId);
        Assert.Equal(16, client.SessionPassword.Length);
        Assert.Contains(client.SessionPassword, b => b != 0);
        Assert.Equal(5000, client.NegotiatedTimeout);
        Assert.Equal(ZooKeeperState.Connected, client.State);
    }

    [Fact]
    public async Task The_server_clamps_the_session_timeout_to_its_minimum()
    {
        var client = await ConnectAsync(sessionTimeoutMs: 10);
        Assert.Equal(2 * ZooKeeperFixture.TickTimeMs, client.NegotiatedTimeout);
    }

    [Fact]
    public async Task The_default_watcher_gets_SyncConnected_on_connect()
    {
        var events = new EventRecorder();
        await ConnectAsync(events);
        var connected = await events.WaitForStateAsync(KeeperState.SyncConnected);
        Assert.Null(connected.Path);
        Assert.Equal(EventType.None, connected.Type);
    }

    [Fact]
    public async Task Connect_gives_up_with_a_timeout_when_no_server_listens()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int deadPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<TimeoutException>(() => ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = $"127.0.0.1:{deadPort}",
            ConnectTimeout = TimeSpan.FromSeconds(1),
        }));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Connect_moves_on_to_the_next_host_when_one_is_down()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int deadPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = $"127.0.0.1:{deadPort},{Server.ConnectString}",
            ShuffleHosts = false,
            ConnectTimeout = TimeSpan.FromSeconds(20),
        });
        Assert.NotNull(await client.ExistsAsync("/"));
    }

    [Fact]
    public async Task LastZxid_follows_the_zxid_of_the_latest_write()
    {
        var client = await ConnectAsync();
        var (_, stat) = await client.Create2Async(P("/z"), null, Open, CreateMode.Persistent);
        Assert.Equal(stat.Czxid, client.LastZxid);
        var set = await client.SetDataAsync(P("/z"), Bytes("x"));
        Assert.Equal(set.Mzxid, client.LastZxid);
    }

    [Fact]
    public async Task Resuming_a_session_with_its_id_and_password_keeps_its_ephemerals()
    {
        // The first client must not win the session back by reconnecting, so it goes through a proxy we close.
        var proxy = StartProxy();
        var first = await ConnectAsync(connectString: proxy.ConnectString);
        await first.CreateAsync(P("/eph"), null, Open, CreateMode.Ephemeral);
        proxy.Refuse = true;
        proxy.CutAll();
        var second = await ConnectAsync(sessionId: first.SessionId, password: first.SessionPassword);
        Assert.Equal(first.SessionId, second.SessionId);
        var stat = await second.ExistsAsync(P("/eph"));
        Assert.Equal(first.SessionId, stat!.Value.EphemeralOwner);
        Assert.Contains(P("/eph"), await second.GetEphemeralsAsync(Root));
    }

    [Fact]
    public async Task Resuming_with_a_wrong_password_fails_with_SessionExpired()
    {
        var first = await ConnectAsync();
        var events = new EventRecorder();
        var e = await Assert.ThrowsAsync<KeeperException>(() => ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = Server.ConnectString,
            SessionId = first.SessionId,
            SessionPassword = new byte[16],
            DefaultWatcher = events.Watcher,
        }));
        Assert.Equal(ErrorCode.SessionExpired, e.Code);
        Assert.Equal([KeeperState.Expired], events.States);
    }

    [Fact]
    public async Task Close_deletes_the_sessions_ephemeral_nodes()
    {
        var client = await ConnectAsync();
        await client.CreateAsync(P("/eph"), null, Open, CreateMode.Ephemeral);
        await client.CloseAsync();
        Assert.Null(await Admin.ExistsAsync(P("/eph")));
    }

    [Fact]
    public async Task Requests_after_close_fail_with_SessionExpired_like_Java()
    {
        var client = await ConnectAsync();
        await client.CloseAsync();
        Assert.Equal(ZooKeeperState.Closed, client.State);
        await ThrowsKeeperAsync(ErrorCode.SessionExpired, () => client.ExistsAsync("/"));
    }

    [Fact]
    public async Task Close_ends_with_a_Closed_event_to_the_default_watcher()
    {
        var events = new EventRecorder();
        var client = await ConnectAsync(events);
        await client.CloseAsync();
        Assert.Equal([KeeperState.SyncConnected, KeeperState.Closed], events.States);
    }
}
