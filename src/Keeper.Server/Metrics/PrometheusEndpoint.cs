using System.Net;
using Keeper.Server.FourLetterWords;
using Keeper.Server.Hosting;
using Keeper.Server.Logging;
using Prometheus;

namespace Keeper.Server.Metrics;

/// <summary>
/// <c>/metrics</c> in Prometheus's text format, as Apache's PrometheusMetricsProvider serves it
/// (<c>metricsProvider.httpHost</c>, <c>metricsProvider.httpPort</c>). Names follow Apache's metric names, unprefixed.
/// Counters and summaries are updated where the events happen; the gauges are sampled from the sequencer thread
/// just before each scrape (as Apache samples its gauge callbacks), so the hot path gains no work for them.
/// </summary>
internal sealed class PrometheusEndpoint : IAsyncDisposable
{
    private static readonly Logger Log = Logging.Log.For<PrometheusEndpoint>();
    private static readonly TimeSpan SampleTimeout = TimeSpan.FromSeconds(5);

    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly MetricServer _server;
    private readonly string _host;
    private readonly int _port;

    public PrometheusEndpoint(KeeperServer server, string host, int port, bool exportRuntimeInfo)
    {
        _host = host;
        _port = port;
        // A registry per server, so servers in one process (tests) do not share series.
        var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        if (exportRuntimeInfo) DotNetStats.Register(_registry);
        Requests = new RequestMetrics(factory);
        var fsync = factory.CreateSummary("fsynctime", "Time to fsync the txn log in ms");
        var batch = factory.CreateSummary("sync_processor_batch_size", "Txns covered by one fsync");
        var snapshot = factory.CreateSummary("snapshottime", "Time to write a snapshot in ms");
        server.TxnLog.FsyncTime.Observer = v => fsync.Observe(v);
        server.TxnLog.BatchSize.Observer = v => batch.Observe(v);
        server.Snapshots.SnapshotTime.Observer = v => snapshot.Observe(v);
        var gauges = new ServerGauges(factory);
        _registry.AddBeforeCollectCallback(async ct =>
        {
            var state = await server.Sequencer.QueryAsync(() => ServerGauges.Sample(server)).WaitAsync(SampleTimeout, ct).ConfigureAwait(false);
            gauges.Set(state);
        });
        var quotas = new QuotaGauges(factory);
        _registry.AddBeforeCollectCallback(async ct =>
            quotas.Set(await server.Sequencer.QueryAsync(() => QuotaGauges.Sample(server)).WaitAsync(SampleTimeout, ct).ConfigureAwait(false)));
        // HttpListener's "+" is every address; any other host must be the one clients put in the Host header.
        _server = new MetricServer(host == "0.0.0.0" ? "+" : host, port, "metrics/", _registry);
    }

    public RequestMetrics Requests { get; }

    /// <summary>Binds the port; throws <see cref="HttpListenerException"/> when it cannot.</summary>
    public void Start()
    {
        _server.Start();
        Log.Info($"Started /metrics HTTP endpoint at host: {_host}, port: {_port}");
    }

    public async ValueTask DisposeAsync() => await _server.StopAsync().ConfigureAwait(false);
}
