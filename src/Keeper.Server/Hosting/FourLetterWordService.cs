using Keeper.Server.FourLetterWords;
using Keeper.Server.Network;
using Keeper.Server.Pipeline;

namespace Keeper.Server.Hosting;

/// <summary>
/// Answers four-letter words from the live server: the state is read on the sequencer thread (the only
/// safe place), only the parts the word needs, and formatted by <see cref="FourLetterWordHandler"/>.
/// </summary>
internal sealed class FourLetterWordService(KeeperServer server) : IFourLetterWordEffects
{
    private readonly FourLetterWordWhitelist _whitelist = FourLetterWordWhitelist.FromConfig(server.Config);
    private long _traceMask = 306;

    public async Task<string> RunAsync(string word, byte[] argument, ClientConnection connection)
    {
        if (!_whitelist.IsEnabled(word)) return FourLetterWordHandler.NotInWhitelist(word);
        long mask = argument.Length == 8 ? System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(argument) : 0;
        var snapshot = word == "ruok"
            ? new ServerStateSnapshot()
            : await CaptureAsync(FourLetterWordHandler.PartsNeeded(word)).ConfigureAwait(false);
        return FourLetterWordHandler.Execute(word, snapshot, _whitelist, this, mask);
    }

    /// <summary>The live state with <paramref name="parts"/> filled in (also what the admin server renders).</summary>
    public async Task<ServerStateSnapshot> CaptureAsync(SnapshotParts parts)
    {
        var snapshot = await server.Sequencer.QueryAsync(() => Snapshot(parts)).ConfigureAwait(false);
        if (parts.HasFlag(SnapshotParts.Conf)) snapshot = snapshot with { Conf = ConfOf() };
        if (parts.HasFlag(SnapshotParts.Environment)) snapshot = snapshot with { Environment = EnvironmentInfo.Capture(KeeperVersion.Full) };
        return snapshot;
    }

    private ConfSnapshot ConfOf()
    {
        var config = server.Config;
        long dataSize = ConfSnapshot.DirectorySize(ConfSnapshot.VersionDir(config.DataDir));
        long logSize = ConfSnapshot.DirectorySize(ConfSnapshot.VersionDir(config.DataLogDir));
        return ConfSnapshot.From(config, dataSize, logSize);
    }

    /// <summary>Runs on the sequencer thread.</summary>
    private ServerStateSnapshot Snapshot(SnapshotParts parts)
    {
        var sequencer = server.Sequencer;
        var state = sequencer.State;
        var stats = server.Stats;
        var connections = server.Connections.Connections;
        long nowMono = Environment.TickCount64;
        var nowWall = DateTimeOffset.UtcNow;
        DateTimeOffset WallOf(long mono) => nowWall.AddMilliseconds(mono - nowMono);

        var snapshot = new ServerStateSnapshot
        {
            LastProcessedZxid = state.LastProcessedZxid,
            NodeCount = state.Tree.NodeCount,
            Latency = new LatencyStats(stats.LatencyCount, stats.TotalLatency, stats.MinLatency, stats.MaxLatency),
            PacketsReceived = stats.PacketsReceived,
            PacketsSent = stats.PacketsSent,
            AliveConnections = connections.Count,
            OutstandingRequests = sequencer.Outstanding,
            TraceMask = _traceMask,
        };
        if (sequencer.Quorum is { } quorum)
            snapshot = snapshot with
            {
                IsServing = sequencer.IsServing,
                IsReadOnly = sequencer.IsReadOnly,
                ServerState = sequencer.IsReadOnly ? "read-only" : quorum.RoleName,
                PeerState = quorum.PeerStateName,
            };
        if (parts.HasFlag(SnapshotParts.Connections))
            snapshot = snapshot with { Connections = connections.Select(InfoOf).ToList() };
        if (parts.HasFlag(SnapshotParts.Dump))
        {
            snapshot = snapshot with
            {
                Sessions = LocalSessionDump.With(new SessionTrackerDump
                {
                    SessionSets = state.Sessions.Sessions.GroupBy(s => s.ExpiresAt).OrderBy(g => g.Key)
                        .Select(g => new SessionExpiryBucket(WallOf(g.Key), g.Select(s => s.Id).ToList())).ToList(),
                }, sequencer, WallOf),
                Ephemerals = state.Tree.AllEphemerals
                    .Select(e => new SessionEphemerals(e.Key, e.Value.Order(StringComparer.Ordinal).ToList())).ToList(),
                ConnectionBuckets = connections
                    .GroupBy(c => state.Sessions.Get(c.SessionId)?.ExpiresAt ?? state.Sessions.RoundToNextTick(nowMono + 10_000))
                    .OrderBy(g => g.Key)
                    .Select(g => new ConnectionExpiryBucket(WallOf(g.Key), g.Select(c => new ConnectionRef(c.Remote, c.SessionId)).ToList()))
                    .ToList(),
            };
        }
        if (parts.HasFlag(SnapshotParts.Watches))
        {
            snapshot = snapshot with
            {
                DataWatches = state.Tree.DataWatches.ByPath()
                    .SelectMany(p => p.Watchers.OfType<ClientConnection>().Select(c => new DataWatch(p.Path, c.SessionId)))
                    .ToList(),
            };
        }
        if (parts.HasFlag(SnapshotParts.Monitor))
        {
            snapshot = snapshot with
            {
                Gauges = new MonitorGauges
                {
                    WatchCount = state.Tree.WatchCount,
                    EphemeralsCount = state.Tree.EphemeralCount,
                    ApproximateDataSize = state.Tree.ApproximateDataSize,
                    GlobalSessions = state.Sessions.Count,
                    LocalSessions = sequencer.LocalSessionCount,
                    OpenFileDescriptorCount = ProcessFileDescriptors.OpenCount(),
                    MaxFileDescriptorCount = ProcessFileDescriptors.MaxCount(),
                    Uptime = (long)(nowWall - server.StartedAt).TotalMilliseconds,
                    QuorumSize = sequencer.Quorum?.QuorumSize,
                    OutstandingTlsHandshake = server.Connections.TlsCounters.OutstandingHandshakes,
                    AuthFailedCount = server.Connections.TlsCounters.AuthFailed,
                    Leader = sequencer.Quorum?.LeaderGauges(nowMono),
                },
                Summaries = Summaries(state.Tree.Namespaces),
                GaugeSets = QuotaGaugeLines.Of(state.Tree),
                Counters = new Dictionary<string, long>(QuotaGaugeLines.ExceededCounters(state.QuotaExceededByNamespace))
                {
                    ["unsuccessful_handshake"] = server.Connections.TlsCounters.UnsuccessfulHandshakes,
                },
            };
        }
        return snapshot;
    }

    private Dictionary<string, SummaryValue> Summaries(Core.Tree.NamespaceStats namespaces)
    {
        var summaries = new Dictionary<string, SummaryValue>
        {
            ["fsynctime"] = server.TxnLog.FsyncTime.Read(),
            ["sync_processor_batch_size"] = server.TxnLog.BatchSize.Read(),
            ["snapshottime"] = server.Snapshots.SnapshotTime.Read(),
        };
        // ZooKeeper's per-namespace summary sets print as <namespace>_read_per_namespace and _write_.
        foreach (var (ns, s) in namespaces.Reads) summaries[$"{ns}_read_per_namespace"] = new SummaryValue(s.Count, s.Sum, s.Min, s.Max);
        foreach (var (ns, s) in namespaces.Writes) summaries[$"{ns}_write_per_namespace"] = new SummaryValue(s.Count, s.Sum, s.Min, s.Max);
        return summaries;
    }

    private static ConnectionInfo InfoOf(ClientConnection c)
    {
        var s = c.Stats;
        return new ConnectionInfo(c.Remote)
        {
            InterestOps = 1,
            Queued = c.Deferred.Count,
            PacketsReceived = s.PacketsReceived,
            PacketsSent = s.PacketsSent,
            SessionId = c.SessionId,
            LastOperation = s.LastOp,
            EstablishedMs = s.EstablishedAt,
            SessionTimeout = c.SessionTimeout,
            LastCxid = s.LastCxid,
            LastZxid = s.LastZxid,
            LastResponseTime = s.LastResponseTime,
            LastLatency = s.LastLatency,
            Latency = new LatencyStats(s.LatencyCount, s.TotalLatency, s.MinLatency, s.MaxLatency),
        };
    }

    public void ResetServerStats() => server.Sequencer.Post(new QueryCommand(server.Stats.Reset));

    public void ResetConnectionStats()
    {
        foreach (var connection in server.Connections.Connections) connection.Stats.Reset();
    }

    public void SetTraceMask(long mask) => _traceMask = mask;
}
