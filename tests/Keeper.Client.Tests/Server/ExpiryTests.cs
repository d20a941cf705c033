using Keeper.Client.Tests.Support;
using Keeper.Protocol;

namespace Keeper.Client.Tests.Server;

public class ExpiryTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task A_session_that_timed_out_while_unreachable_is_reported_as_Expired_on_reconnect()
    {
        var proxy = StartProxy();
        var events = new EventRecorder();
        var client = await ConnectAsync(events, proxy.ConnectString, sessionTimeoutMs: 1000);
        await client.CreateAsync(P("/eph"), null, Open, CreateMode.Ephemeral);
        proxy.Refuse = true;
        proxy.CutAll();
        await events.WaitForStateAsync(KeeperState.Disconnected);
        await EventuallyAsync(async () => await Admin.ExistsAsync(P("/eph")) is null, "the server to expire the session");
        proxy.Refuse = false;
        await events.WaitForStateAsync(KeeperState.Expired);
        Assert.Equal(ZooKeeperState.Expired, client.State);
    }

    [Fact]
    public async Task After_expiry_requests_fail_with_SessionExpired_and_no_reconnect_is_tried()
    {
        var (client, proxy, events) = await ExpiredClientAsync();
        await ThrowsKeeperAsync(ErrorCode.SessionExpired, () => client.ExistsAsync("/"));
        int accepted = proxy.Accepted;
        await Task.Delay(500);
        Assert.Equal(accepted, proxy.Accepted);
        Assert.Equal([KeeperState.SyncConnected, KeeperState.Disconnected, KeeperState.Expired], events.States);
    }

    [Fact]
    public async Task A_session_closed_by_another_client_is_reported_as_Expired()
    {
        var proxy = StartProxy();
        var events = new EventRecorder();
        var client = await ConnectAsync(events, proxy.ConnectString);
        proxy.Refuse = true;
        proxy.CutAll();
        await events.WaitForStateAsync(KeeperState.Disconnected);
        var thief = await ConnectAsync(sessionId: client.SessionId, password: client.SessionPassword);
        await thief.CloseAsync();
        proxy.Refuse = false;
        await events.WaitForStateAsync(KeeperState.Expired);
    }

    [Fact]
    public async Task Close_of_an_expired_client_sends_no_Closed_event()
    {
        var (client, _, events) = await ExpiredClientAsync();
        await client.CloseAsync();
        Assert.DoesNotContain(KeeperState.Closed, events.States);
        Assert.Equal(ZooKeeperState.Expired, client.State);
    }

    private async Task<(ZooKeeperClient, TcpProxy, EventRecorder)> ExpiredClientAsync()
    {
        var proxy = StartProxy();
        var events = new EventRecorder();
        var client = await ConnectAsync(events, proxy.ConnectString);
        proxy.Refuse = true;
        proxy.CutAll();
        await events.WaitForStateAsync(KeeperState.Disconnected);
        var thief = await ConnectAsync(sessionId: client.SessionId, password: client.SessionPassword);
        await thief.CloseAsync();
        proxy.Refuse = false;
        await events.WaitForStateAsync(KeeperState.Expired);
        return (client, proxy, events);
    }
}
