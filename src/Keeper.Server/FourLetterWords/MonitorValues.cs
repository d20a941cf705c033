namespace Keeper.Server.FourLetterWords;

/// <summary>
/// The <c>mntr</c> gauges that are not already in the snapshot's srvr figures (<c>ZooKeeperServer.registerMetrics</c>
/// and the quorum subclasses). Nullable values are left out of the output, as ZooKeeper leaves out null gauges.
/// </summary>
internal sealed record MonitorGauges
{
    /// <summary>Data watches plus child watches.</summary>
    public long WatchCount { get; init; }

    public long EphemeralsCount { get; init; }

    /// <summary>Sum over nodes of path length + data length (44 for a fresh tree).</summary>
    public long ApproximateDataSize { get; init; }

    public long GlobalSessions { get; init; }

    public long LocalSessions { get; init; }

    /// <summary>Unix only; null elsewhere.</summary>
    public long? OpenFileDescriptorCount { get; init; }

    public long? MaxFileDescriptorCount { get; init; }

    /// <summary>ms since the server started.</summary>
    public long Uptime { get; init; }

    public double ConnectionDropProbability { get; init; }

    public long LastClientResponseSize { get; init; } = -1;

    public long MaxClientResponseSize { get; init; } = -1;

    public long MinClientResponseSize { get; init; } = -1;

    public long OutstandingTlsHandshake { get; init; }

    public long AuthFailedCount { get; init; }

    public long NonMtlsRemoteConnCount { get; init; }

    public long NonMtlsLocalConnCount { get; init; }

    /// <summary>Voters in the ensemble; quorum servers only.</summary>
    public long? QuorumSize { get; init; }

    /// <summary>Leader-only gauges; null elsewhere.</summary>
    public LeaderGauges? Leader { get; init; }

    /// <summary>Followers report the observers synced to them; null elsewhere.</summary>
    public long? FollowerSyncedObservers { get; init; }
}

/// <summary>The gauges only a leader registers (<c>LeaderZooKeeperServer.registerMetrics</c>).</summary>
internal sealed record LeaderGauges(
    long Learners,
    long SyncedFollowers,
    long SyncedNonVotingFollowers,
    long SyncedObservers,
    long PendingSyncs,
    long LeaderUptime,
    ProposalSizes ProposalSizes);

/// <summary>
/// One summary metric (ZooKeeper's <c>AvgMinMaxCounter</c>, or <c>AvgMinMaxPercentileCounter</c> when
/// <see cref="Percentiles"/> is set: p50, p95, p99, p999).
/// </summary>
internal sealed record SummaryValue(long Count, long Sum, long Min, long Max)
{
    public static readonly SummaryValue Empty = new(0, 0, 0, 0);

    public IReadOnlyList<long>? Percentiles { get; init; }
}
