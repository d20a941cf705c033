using Keeper.Client.Tests.Support;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Client.Tests.Server;

public class ChrootTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    private Task<ZooKeeperClient> ChrootedAsync(EventRecorder? events = null) =>
        ConnectAsync(events, connectString: Server.ConnectString + Root);

    [Fact]
    public async Task Paths_sent_through_a_chroot_land_under_it()
    {
        var client = await ChrootedAsync();
        await client.CreateAsync("/a", Bytes("x"), Open, CreateMode.Persistent);
        Assert.Equal(Bytes("x"), (await Admin.GetDataAsync(P("/a"))).Data);
    }

    [Fact]
    public async Task Created_paths_come_back_without_the_chroot()
    {
        var client = await ChrootedAsync();
        Assert.Equal("/s-0000000000", await client.CreateAsync("/s-", null, Open, CreateMode.PersistentSequential));
        Assert.Equal("/c", (await client.Create2Async("/c", null, Open, CreateMode.Persistent)).Path);
    }

    [Fact]
    public async Task The_client_root_is_the_chroot_node()
    {
        await Admin.SetDataAsync(Root, Bytes("root"));
        var client = await ChrootedAsync();
        Assert.Equal(Bytes("root"), (await client.GetDataAsync("/")).Data);
    }

    [Fact]
    public async Task Event_paths_come_back_without_the_chroot()
    {
        var events = new EventRecorder();
        var client = await ChrootedAsync(events);
        await client.ExistsAsync("/w", true);
        await Admin.CreateAsync(P("/w"), null, Open, CreateMode.Persistent);
        await events.WaitForNodeEventAsync(EventType.NodeCreated, "/w");
    }

    [Fact]
    public async Task Multi_paths_get_the_chroot_and_results_lose_it()
    {
        var client = await ChrootedAsync();
        var results = await client.MultiAsync([Ops.Create("/m", null, Open, CreateMode.Persistent)]);
        Assert.Equal("/m", ((PathRecord)results[0].Body!).Path);
        Assert.NotNull(await Admin.ExistsAsync(P("/m")));
    }

    [Fact]
    public async Task Ephemeral_listing_is_relative_to_the_chroot()
    {
        var client = await ChrootedAsync();
        await client.CreateAsync("/e", null, Open, CreateMode.Ephemeral);
        Assert.Equal(["/e"], await client.GetEphemeralsAsync("/"));
    }

    [Fact]
    public async Task Sync_echoes_the_client_path()
    {
        var client = await ChrootedAsync();
        Assert.Equal("/", await client.SyncAsync("/"));
    }
}
