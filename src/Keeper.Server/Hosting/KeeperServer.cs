using System.Net;
using Keeper.Core;
using Keeper.Server.Config;
using Keeper.Server.Logging;
using Keeper.Server.Metrics;
using Keeper.Server.Network;
using Keeper.Server.Persistence;
using Keeper.Server.Pipeline;
using Keeper.Server.Quorum;
using Keeper.Server.Sasl;
using Keeper.Server.Tls;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;
using Keeper.Storage.Purge;
using Keeper.Storage.Recovery;

namespace Keeper.Server.Hosting;

/// <summary>
/// A standalone server: the state machine behind its sequencer thread, the client port, and the ticker
/// that drives session expiry and the container reaper.
/// </summary>
public sealed class KeeperServer : IAsyncDisposable
{
    private static readonly Logger Log = Logging.Log.For<KeeperServer>();

    private readonly Sequencer _sequencer;
    private readonly ConnectionHost _host;
    private readonly Timer _ticker;
    private readonly ServerStats _stats = new();

    private KeeperServer(ServerConfig config)
    {
        Config = config;
        StartedAt = DateTimeOffset.UtcNow;
        // Before the data dir is touched: a key store that cannot be read stops startup with nothing to undo.
        var tls = ClientPorts.LoadTls(config);
        var quorumChannel = QuorumTlsSetup.Load(config).WithAuth(QuorumSasl.QuorumSaslSetup.Load(config));
        // A quorum peer's every line carries [myid:N], as ZooKeeper's MDC does; a standalone server's stays [myid:].
        if (config.IsDistributed) Logging.Log.Configure(Logging.Log.Level, config.ServerId);
        Layout = new DataDirLayout(config.DataDir, config.DataLogDir);
        Layout.EnsureDirectories();
        var recovered = DataDirRecovery.Load(Layout, new RecoveryOptions(Log: ReportRecovery));
        Log.Info($"Loaded data dir {Layout.DataDir}: zxid 0x{recovered.LastZxid:x}, {recovered.Tree.NodeCount} nodes, " +
            $"{recovered.Sessions.Count} sessions, snapshot {recovered.Snapshot ?? "none"}, {recovered.TxnsReplayed} txns replayed");
        var auth = AuthSetup.Load(config.Auth);
        var reconfig = new Reconfig.ReconfigPlanner(config.ReconfigEnabled, config.StandaloneEnabled);
        var state = new StateMachine(new StateMachineOptions(
            TickTime: config.TickTime,
            MinSessionTimeout: config.MinSessionTimeout,
            MaxSessionTimeout: config.MaxSessionTimeout,
            ServerId: config.ServerId == 0 ? 1 : config.ServerId,
            ExtendedTypesEnabled: config.ExtendedTypesEnabled, AuthProviders: auth.Providers,
            EnforceQuota: config.EnforceQuota) { Reconfig = reconfig }, Environment.TickCount64,
            recovered.Tree, recovered.Sessions, recovered.LastZxid) { QuotaLog = QuotaLogging.Instance };
        if (config.EnforceQuota) QuotaLogging.ReportEnforced();
        var writer = new TxnLogWriter(Layout, new TxnLogWriterOptions(
            PreAllocSize: TxnLogWriterOptions.PreAllocKilobytes(config.PreAllocSizeKb), ForceSync: config.ForceSync));
        _txnLog = new FileTxnLog(writer, config.SnapCount);
        _snapshots = new FuzzySnapshotter(Layout);
        _purge = PurgeTask.Start(Layout, config.SnapRetainCount, config.PurgeIntervalHours, m => Log.Info(m));
        _sequencer = new Sequencer(state, _stats, new SequencerOptions(
            config.SuperDigest, config.ContainerCheckIntervalMs, ContainerMaxNeverUsedIntervalMs: 0)
            {
                Sasl = auth.Login, Enforcement = auth.Enforcement, AllowSaslFailedClients = config.Auth.AllowSaslFailedClients,
                LocalSessionsEnabled = config.IsDistributed && config.LocalSessionsEnabled,
                LocalSessionsUpgradingEnabled = config.LocalSessionsUpgradingEnabled,
            }, _txnLog, _snapshots);
        if (config.IsDistributed)
        {
            var settings = QuorumSettings.From(config) with { Channel = quorumChannel };
            _quorum = new QuorumService(_sequencer, _txnLog, Layout, settings);
            reconfig.Ensemble = _quorum;
            _quorum.Election = ElectionPort.For(settings, config.ElectionPortBindRetry, _quorum.OnElectionMessage);
            _sequencer.Quorum = _quorum;
        }
        var words = new FourLetterWordService(this);
        _host = new ConnectionHost(ClientPorts.For(config), _sequencer, _stats,
            config.JuteMaxBuffer, config.MaxClientCnxns, words.RunAsync, tls);
        if (_quorum is not null) _quorum.ClientAddressChanged = _host.MoveClientPort;
        if (tls is not null && config.Tls.CertReload) _certificateWatcher = CertificateFileWatcher.Start(tls);
        _quorumCertificateWatcher = QuorumTlsSetup.WatchIfAsked(config, quorumChannel);
        if (config.AdminEnableServer)
            _admin = new AdminService(words, new IPEndPoint(ResolveBindAddress(config.AdminServerAddress), config.AdminServerPort), config.AdminCommandUrl);
        if (config.PrometheusEnabled)
        {
            _metrics = new PrometheusEndpoint(this, config.MetricsHttpHost, config.MetricsHttpPort, config.MetricsExportJvmInfo);
            _stats.Observer = _metrics.Requests;
        }
        int tickPeriod = Math.Clamp(config.TickTime / 10, 10, 250);
        _ticker = new Timer(_ => _sequencer.Post(new TickCommand()), null, Timeout.Infinite, tickPeriod);
        // The election's finalize wait and resend timers are a few hundred ms: the quorum gets a finer clock of
        // its own (cheap: it touches no session), so a failover is not rounded up to session ticks.
        if (_quorum is { } q)
            _quorumTicker = new Timer(_ => _sequencer.Post(new QuorumEventCommand(q.Tick)), null, Timeout.Infinite, QuorumTickMs);
        _tickPeriod = tickPeriod;
    }

    private readonly int _tickPeriod;
    private readonly FileTxnLog _txnLog;
    private readonly FuzzySnapshotter _snapshots;
    private readonly PurgeTask _purge;
    private readonly AdminService? _admin;
    private readonly QuorumService? _quorum;
    private readonly Timer? _quorumTicker;
    private const int QuorumTickMs = 20;
    private readonly PrometheusEndpoint? _metrics;
    private readonly CertificateFileWatcher? _certificateWatcher;
    private readonly CertificateFileWatcher? _quorumCertificateWatcher;

    private static void ReportRecovery(RecoveryMessage message)
    {
        if (message.Severity == RecoverySeverity.Warning) Log.Warn(message.Text);
        else Log.Info(message.Text);
    }

    public DataDirLayout Layout { get; }

    public ServerConfig Config { get; }
    public DateTimeOffset StartedAt { get; }
    public IPEndPoint ClientEndPoint => _host.LocalEndPoint;

    /// <summary>Where <c>secureClientPort</c> listens; null without one.</summary>
    public IPEndPoint? SecureClientEndPoint => _host.SecureEndPoint;

    /// <summary>Where the admin server listens; null when <c>admin.enableServer=false</c>.</summary>
    public IPEndPoint? AdminEndPoint => _admin?.LocalEndPoint;

    internal Sequencer Sequencer => _sequencer;
    internal ConnectionHost Connections => _host;
    internal ServerStats Stats => _stats;
    internal FileTxnLog TxnLog => _txnLog;
    internal FuzzySnapshotter Snapshots => _snapshots;

    public static KeeperServer Start(ServerConfig config)
    {
        var server = new KeeperServer(config);
        server._sequencer.Start();
        if (server._quorum is { } quorum) server._sequencer.Post(new QuorumEventCommand(quorum.Start));
        server._host.Start();
        server._ticker.Change(server._tickPeriod, server._tickPeriod);
        server._quorumTicker?.Change(QuorumTickMs, QuorumTickMs);
        Log.Info($"binding to port {server.ClientEndPoint}");
        if (server.SecureClientEndPoint is { } secure) Log.Info($"binding to secure port {secure}, server certificate {server._host.Tls!.Subject}");
        server.StartHttpEndpoints();
        if (server._quorum is null)
            Log.Info($"Started standalone server, tickTime {config.TickTime}, session timeouts {config.MinSessionTimeout}..{config.MaxSessionTimeout} ms");
        else
            Log.Info($"Started server {config.ServerId} of an ensemble of {config.Servers.Count}, tickTime {config.TickTime}, initLimit {config.InitLimit}, syncLimit {config.SyncLimit}");
        return server;
    }

    // As ZooKeeperServerMain: a standalone server whose admin or metrics port cannot be bound does not run.
    private void StartHttpEndpoints()
    {
        try
        {
            _admin?.Start();
        }
        catch (System.Net.Sockets.SocketException e) when (_quorum is not null)
        {
            // QuorumPeer only warns: an ensemble member without its admin port still serves its quorum.
            Log.Warn($"Problem starting AdminServer on address {Config.AdminServerAddress}, port {Config.AdminServerPort}: {e.Message}");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new ServerStartException(ServerStartException.AdminServerExitCode,
                $"Problem starting AdminServer on address {Config.AdminServerAddress}, port {Config.AdminServerPort} and command URL {Config.AdminCommandUrl}: {e.Message}", e);
        }

        try
        {
            _metrics?.Start();
        }
        catch (HttpListenerException e)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new ServerStartException(ServerStartException.UnexpectedErrorExitCode,
                $"Cannot boot MetricsProvider {Config.MetricsProviderClassName}: /metrics on {Config.MetricsHttpHost}:{Config.MetricsHttpPort}: {e.Message}", e);
        }
    }

    private static IPAddress ResolveBindAddress(string host) =>
        IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host).First();

    /// <summary>
    /// The graceful half of SIGTERM, before <see cref="DisposeAsync"/>: refuse new clients, answer what is in
    /// flight and close each client once it has nothing outstanding, and as leader wait until everything
    /// proposed is committed — so clients move to other servers without a failed operation and, once the
    /// leader's quorum links close, the followers elect among themselves from the same last zxid.
    /// </summary>
    public async Task DrainAsync(TimeSpan limit)
    {
        _host.StopAccepting();
        await _sequencer.QueryAsync(() =>
        {
            _quorum?.BeginRetire();
            _sequencer.BeginDrain();
            return 0;
        }).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + limit;
        bool drained = false;
        while (DateTime.UtcNow < deadline && !(drained = await _sequencer.QueryAsync(() => _sequencer.IsDrained).ConfigureAwait(false)))
            await Task.Delay(20).ConfigureAwait(false);
        // Only a complete drain may tell learners their unanswered requests were dropped.
        if (drained && _quorum is { } quorum) await _sequencer.QueryAsync(() => { quorum.AnnounceRetired(); return 0; }).ConfigureAwait(false);
        await _host.FlushAllAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null) await _admin.DisposeAsync().ConfigureAwait(false);
        if (_metrics is not null) await _metrics.DisposeAsync().ConfigureAwait(false);
        _certificateWatcher?.Dispose();
        _quorumCertificateWatcher?.Dispose();
        await _ticker.DisposeAsync().ConfigureAwait(false);
        if (_quorumTicker is not null) await _quorumTicker.DisposeAsync().ConfigureAwait(false);
        if (_quorum is not null) await _quorum.DisposeAsync().ConfigureAwait(false);
        await _host.DisposeAsync().ConfigureAwait(false);
        await _purge.DisposeAsync().ConfigureAwait(false);
        _sequencer.Dispose();
        await _txnLog.DisposeAsync().ConfigureAwait(false);
        await _snapshots.DrainAsync().ConfigureAwait(false);
    }
}
