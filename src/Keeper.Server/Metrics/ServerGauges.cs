using Keeper.Server.FourLetterWords;
using Keeper.Server.Hosting;
using Prometheus;

namespace Keeper.Server.Metrics;

/// <summary>The gauge values, read together on the sequencer thread (which owns the tree and the sessions).</summary>
internal sealed record GaugeSample(
    long ZnodeCount, long WatchCount, long EphemeralsCount, long ApproximateDataSize, long GlobalSessions,
    long AliveConnections, long OutstandingRequests, long PacketsReceived, long PacketsSent, long Uptime, long LocalSessions = 0);

/// <summary>mntr's gauges under the same names (Apache registers them as gauges, so the provider exports them so).</summary>
internal sealed class ServerGauges(MetricFactory factory)
{
    private readonly Gauge _znodes = factory.CreateGauge("znode_count", "Znodes, the root's alias included");
    private readonly Gauge _watches = factory.CreateGauge("watch_count", "Data and child watches");
    private readonly Gauge _ephemerals = factory.CreateGauge("ephemerals_count", "Ephemeral znodes");
    private readonly Gauge _dataSize = factory.CreateGauge("approximate_data_size", "Sum of path and data lengths");
    private readonly Gauge _sessions = factory.CreateGauge("global_sessions", "Sessions");
    private readonly Gauge _localSessions = factory.CreateGauge("local_sessions", "Sessions local to this server (localSessionsEnabled)");
    private readonly Gauge _connections = factory.CreateGauge("num_alive_connections", "Open client connections");
    private readonly Gauge _outstanding = factory.CreateGauge("outstanding_requests", "Requests in progress");
    private readonly Gauge _received = factory.CreateGauge("packets_received", "Packets received since start or srst");
    private readonly Gauge _sent = factory.CreateGauge("packets_sent", "Packets sent since start or srst");
    private readonly Gauge _uptime = factory.CreateGauge("uptime", "ms since the server started");
    private readonly Gauge _openFds = factory.CreateGauge("open_file_descriptor_count", "Open file descriptors");
    private readonly Gauge _maxFds = factory.CreateGauge("max_file_descriptor_count", "File descriptor limit");

    /// <summary>Runs on the sequencer thread.</summary>
    public static GaugeSample Sample(KeeperServer server)
    {
        var state = server.Sequencer.State;
        return new GaugeSample(
            state.Tree.NodeCount, state.Tree.WatchCount, state.Tree.EphemeralCount, state.Tree.ApproximateDataSize,
            state.Sessions.Count, server.Connections.Connections.Count, server.Sequencer.Outstanding,
            server.Stats.PacketsReceived, server.Stats.PacketsSent,
            (long)(DateTimeOffset.UtcNow - server.StartedAt).TotalMilliseconds, server.Sequencer.LocalSessionCount);
    }

    public void Set(GaugeSample s)
    {
        _znodes.Set(s.ZnodeCount);
        _watches.Set(s.WatchCount);
        _ephemerals.Set(s.EphemeralsCount);
        _dataSize.Set(s.ApproximateDataSize);
        _sessions.Set(s.GlobalSessions);
        _localSessions.Set(s.LocalSessions);
        _connections.Set(s.AliveConnections);
        _outstanding.Set(s.OutstandingRequests);
        _received.Set(s.PacketsReceived);
        _sent.Set(s.PacketsSent);
        _uptime.Set(s.Uptime);
        // Read off the sequencer thread: /proc walks need not hold it up.
        if (ProcessFileDescriptors.OpenCount() is { } open) _openFds.Set(open);
        if (ProcessFileDescriptors.MaxCount() is { } max) _maxFds.Set(max);
    }
}
