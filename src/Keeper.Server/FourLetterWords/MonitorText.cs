using System.Text;

namespace Keeper.Server.FourLetterWords;

/// <summary>
/// <c>mntr</c>: <c>zk_&lt;key&gt;\t&lt;value&gt;</c> lines. First version and state (and the peer state in a quorum),
/// then the gauges in the order live 3.8 servers printed them, then every <see cref="MonitorCatalogue"/> counter and
/// summary, then any extra metrics the server supplied. ZooKeeper's own order after the first lines comes from a
/// hash map; clients read the lines by key.
/// </summary>
internal static class MonitorText
{
    // The orders live 3.8 servers printed their gauges in (a ConcurrentHashMap's order for that set of keys):
    // standalone, then a follower adding quorum_size at the end, and a leader.
    private static readonly string[] StandaloneOrder =
    [
        "ephemerals_count", "num_alive_connections", "avg_latency", "outstanding_requests", "znode_count",
        "global_sessions", "non_mtls_remote_conn_count", "last_client_response_size", "packets_sent",
        "packets_received", "max_client_response_size", "connection_drop_probability", "watch_count",
        "auth_failed_count", "min_latency", "max_file_descriptor_count", "approximate_data_size",
        "open_file_descriptor_count", "local_sessions", "uptime", "max_latency", "outstanding_tls_handshake",
        "min_client_response_size", "non_mtls_local_conn_count", "quorum_size", "synced_observers",
    ];

    private static readonly string[] LeaderOrder =
    [
        "ephemerals_count", "num_alive_connections", "avg_latency", "min_proposal_size", "outstanding_requests",
        "znode_count", "global_sessions", "non_mtls_remote_conn_count", "last_client_response_size", "packets_sent",
        "packets_received", "max_proposal_size", "max_client_response_size", "synced_followers",
        "connection_drop_probability", "watch_count", "synced_non_voting_followers", "synced_observers",
        "auth_failed_count", "min_latency", "max_file_descriptor_count", "approximate_data_size",
        "open_file_descriptor_count", "last_proposal_size", "pending_syncs", "leader_uptime", "local_sessions",
        "uptime", "max_latency", "outstanding_tls_handshake", "learners", "min_client_response_size",
        "non_mtls_local_conn_count", "quorum_size",
    ];

    public static string Mntr(ServerStateSnapshot s)
    {
        var sb = new StringBuilder(16 * 1024);
        Text(sb, "version", s.Version);
        Text(sb, "server_state", s.ServerState);
        if (s.PeerState is { } peerState)
        {
            Text(sb, "peer_state", peerState);
        }

        if (s.ObserverMasterId is { } masterId)
        {
            Integer(sb, "observer_master_id", masterId);
        }

        var gauges = Gauges(s);
        foreach (var key in s.Gauges.Leader is null ? StandaloneOrder : LeaderOrder)
        {
            if (gauges.TryGetValue(key, out var value))
            {
                Text(sb, key, value);
            }
        }

        foreach (var (key, value) in s.GaugeSets)
        {
            Integer(sb, key, value);
        }

        AppendCounters(sb, s.Counters);
        AppendSummaries(sb, s.Summaries);
        return sb.ToString();
    }

    private static Dictionary<string, string> Gauges(ServerStateSnapshot s)
    {
        var g = s.Gauges;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ephemerals_count"] = JavaFormat.Long(g.EphemeralsCount),
            ["num_alive_connections"] = JavaFormat.Long(s.AliveConnections),
            ["avg_latency"] = JavaFormat.Double(s.Latency.RoundedAverage),
            ["outstanding_requests"] = JavaFormat.Long(s.OutstandingRequests),
            ["znode_count"] = JavaFormat.Long(s.NodeCount),
            ["global_sessions"] = JavaFormat.Long(g.GlobalSessions),
            ["non_mtls_remote_conn_count"] = JavaFormat.Long(g.NonMtlsRemoteConnCount),
            ["last_client_response_size"] = JavaFormat.Long(g.LastClientResponseSize),
            ["packets_sent"] = JavaFormat.Long(s.PacketsSent),
            ["packets_received"] = JavaFormat.Long(s.PacketsReceived),
            ["max_client_response_size"] = JavaFormat.Long(g.MaxClientResponseSize),
            ["connection_drop_probability"] = JavaFormat.Double(g.ConnectionDropProbability),
            ["watch_count"] = JavaFormat.Long(g.WatchCount),
            ["auth_failed_count"] = JavaFormat.Long(g.AuthFailedCount),
            ["min_latency"] = JavaFormat.Long(s.Latency.MinOrZero),
            ["approximate_data_size"] = JavaFormat.Long(g.ApproximateDataSize),
            ["local_sessions"] = JavaFormat.Long(g.LocalSessions),
            ["uptime"] = JavaFormat.Long(g.Uptime),
            ["max_latency"] = JavaFormat.Long(s.Latency.MaxOrZero),
            ["outstanding_tls_handshake"] = JavaFormat.Long(g.OutstandingTlsHandshake),
            ["min_client_response_size"] = JavaFormat.Long(g.MinClientResponseSize),
            ["non_mtls_local_conn_count"] = JavaFormat.Long(g.NonMtlsLocalConnCount),
        };

        // Null gauges are left out, as ZooKeeper leaves out gauges whose value is null (fd counts off Unix).
        AddOptional(values, "max_file_descriptor_count", g.MaxFileDescriptorCount);
        AddOptional(values, "open_file_descriptor_count", g.OpenFileDescriptorCount);
        AddOptional(values, "quorum_size", g.QuorumSize);
        AddOptional(values, "synced_observers", g.FollowerSyncedObservers);
        if (g.Leader is { } leader)
        {
            values["learners"] = JavaFormat.Long(leader.Learners);
            values["synced_followers"] = JavaFormat.Long(leader.SyncedFollowers);
            values["synced_non_voting_followers"] = JavaFormat.Long(leader.SyncedNonVotingFollowers);
            values["synced_observers"] = JavaFormat.Long(leader.SyncedObservers);
            values["pending_syncs"] = JavaFormat.Long(leader.PendingSyncs);
            values["leader_uptime"] = JavaFormat.Long(leader.LeaderUptime);
            values["last_proposal_size"] = JavaFormat.Long(leader.ProposalSizes.Last);
            values["max_proposal_size"] = JavaFormat.Long(leader.ProposalSizes.Max);
            values["min_proposal_size"] = JavaFormat.Long(leader.ProposalSizes.Min);
        }

        return values;
    }

    private static void AddOptional(Dictionary<string, string> values, string key, long? value)
    {
        if (value is { } v)
        {
            values[key] = JavaFormat.Long(v);
        }
    }

    private static void AppendCounters(StringBuilder sb, IReadOnlyDictionary<string, long> counters)
    {
        foreach (var name in MonitorCatalogue.Counters)
        {
            Integer(sb, name, counters.GetValueOrDefault(name));
        }

        var known = MonitorCatalogue.Counters.ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in counters.Where(c => !known.Contains(c.Key)))
        {
            Integer(sb, name, value);
        }
    }

    private static void AppendSummaries(StringBuilder sb, IReadOnlyDictionary<string, SummaryValue> summaries)
    {
        foreach (var (name, percentiles) in MonitorCatalogue.Summaries)
        {
            Summary(sb, name, summaries.GetValueOrDefault(name) ?? SummaryValue.Empty, percentiles);
        }

        var known = MonitorCatalogue.Summaries.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in summaries.Where(s => !known.Contains(s.Key)))
        {
            Summary(sb, name, value, value.Percentiles is not null);
        }
    }

    // AvgMinMaxCounter.values, plus AvgMinMaxPercentileCounter's p50..p999.
    private static void Summary(StringBuilder sb, string name, SummaryValue v, bool percentiles)
    {
        var stats = new LatencyStats(v.Count, v.Sum, v.Min, v.Max);
        Real(sb, "avg_" + name, stats.RoundedAverage);
        Integer(sb, "min_" + name, stats.MinOrZero);
        Integer(sb, "max_" + name, stats.MaxOrZero);
        Integer(sb, "cnt_" + name, v.Count);
        Integer(sb, "sum_" + name, v.Sum);
        if (!percentiles)
        {
            return;
        }

        string[] labels = ["p50_", "p95_", "p99_", "p999_"];
        for (var i = 0; i < labels.Length; i++)
        {
            Integer(sb, labels[i] + name, v.Percentiles is { } p && i < p.Count ? p[i] : 0);
        }
    }

    private static void Integer(StringBuilder sb, string key, long value) => Text(sb, key, JavaFormat.Long(value));

    private static void Real(StringBuilder sb, string key, double value) => Text(sb, key, JavaFormat.Double(value));

    private static void Text(StringBuilder sb, string key, string value) =>
        sb.Append("zk_").Append(key).Append('\t').Append(value).Append('\n');
}
