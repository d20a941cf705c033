using System.Globalization;
using Keeper.TestSupport;

namespace Keeper.Server.Tests.Admin;

/// <summary>One server with the admin server and /metrics on free 127.0.0.1 ports, shared by the endpoint tests.</summary>
public sealed class AdminServerFixture : IAsyncLifetime
{
    public KeeperServer Server { get; private set; } = null!;

    public int AdminPort { get; } = FreePort.Next();

    public int MetricsPort { get; } = FreePort.Next();

    public async Task InitializeAsync()
    {
        Server = await KeeperServer.StartAsync(new Dictionary<string, string>
        {
            ["admin.enableServer"] = "true",
            ["admin.serverAddress"] = "127.0.0.1",
            ["admin.serverPort"] = AdminPort.ToString(CultureInfo.InvariantCulture),
            ["metricsProvider.className"] = "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider",
            ["metricsProvider.httpHost"] = "127.0.0.1",
            ["metricsProvider.httpPort"] = MetricsPort.ToString(CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
