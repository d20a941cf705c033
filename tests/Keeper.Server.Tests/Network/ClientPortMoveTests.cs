using System.Net;
using System.Net.Sockets;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.TestSupport;

namespace Keeper.Server.Tests.Network;

/// <summary>
/// The client port moves when a reconfig gives the server another client address (the ensemble behaviour is in the
/// interop ClientPortReconfigTests): new clients are taken at the new address and refused at the old one, clients
/// already connected stay, and an address that cannot be bound leaves the server listening where it was.
/// </summary>
public sealed class ClientPortMoveTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("keeper-port-move-").FullName;
    private readonly int _port = FreePort.Next();
    private Hosting.KeeperServer _server = null!;

    public Task InitializeAsync()
    {
        _server = Hosting.KeeperServer.Start(Config.ZooCfg.Parse($"dataDir={_dataDir}\nclientPort={_port}\nclientPortAddress=127.0.0.1\n"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task Moving_the_port_takes_new_clients_at_the_new_address_and_keeps_connected_ones()
    {
        await using var connected = await ConnectAsync(_port);
        await connected.CreateAsync("/before", "b"u8.ToArray(), Acls.OpenAclUnsafe, CreateMode.Persistent);
        int moved = FreePort.Next();

        _server.Connections.MoveClientPort(new IPEndPoint(IPAddress.Loopback, moved));

        Assert.Equal(moved, _server.ClientEndPoint.Port);
        Assert.False(await PortProbe.AcceptsAsync(IPAddress.Loopback, _port), "the old port still takes clients");
        await using (var fresh = await ConnectAsync(moved))
            Assert.Equal("b"u8.ToArray(), (await fresh.GetDataAsync("/before")).Data);
        await connected.SetDataAsync("/before", "still here"u8.ToArray());
        Assert.Equal("still here"u8.ToArray(), (await connected.GetDataAsync("/before")).Data);
    }

    [Fact]
    public async Task An_address_that_cannot_be_bound_leaves_the_port_where_it_was()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        int taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        _server.Connections.MoveClientPort(new IPEndPoint(IPAddress.Loopback, taken));

        Assert.Equal(_port, _server.ClientEndPoint.Port);
        await using var client = await ConnectAsync(_port);
        Assert.NotNull(await client.ExistsAsync("/"));
    }

    private static Task<ZooKeeperClient> ConnectAsync(int port) => ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
    {
        ConnectString = $"127.0.0.1:{port}",
        ConnectTimeout = TimeSpan.FromSeconds(10),
    });
}
