using Keeper.TestSupport;

namespace Keeper.Client.Tests.Support;

/// <summary>
/// One Apache ZooKeeper (Keeper.TestSupport's launcher) for the whole run; tests isolate themselves
/// under their own root node. A small tickTime keeps session expiry tests quick, and containers and
/// TTL nodes are checked every 100 ms instead of every minute.
/// </summary>
public sealed class ZooKeeperFixture : IAsyncLifetime
{
    public const int TickTimeMs = 200;

    private ApacheZooKeeper? _server;

    public ApacheZooKeeper Server => _server ?? throw new InvalidOperationException("server not started");

    public async Task InitializeAsync() =>
        _server = await ApacheZooKeeper.StartAsync(
            new Dictionary<string, string>
            {
                ["tickTime"] = TickTimeMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["maxSessionTimeout"] = "60000",
                ["maxClientCnxns"] = "0",
            },
            ["zookeeper.forceSync=no", "znode.container.checkIntervalMs=100"]);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ZooKeeperCollection : ICollectionFixture<ZooKeeperFixture>
{
    public const string Name = "Apache ZooKeeper";
}
