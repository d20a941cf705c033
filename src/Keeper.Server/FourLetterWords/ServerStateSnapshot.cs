namespace Keeper.Server.FourLetterWords;

/// <summary>
/// Everything the four-letter words print, copied from the live server at one moment. Plain data so the
/// renderers are pure functions and tests can state the expected text for a given state.
/// <see cref="FourLetterWordHandler.PartsNeeded"/> tells which parts a word reads, so the server can skip
/// gathering the expensive ones (watches, ephemerals) for <c>ruok</c>.
/// </summary>
internal sealed record ServerStateSnapshot
{
    /// <summary>The full version line (<c>Version.getFullVersion()</c>).</summary>
    public string Version { get; init; } = KeeperVersion.Full;

    /// <summary>
    /// False while the server cannot serve (a quorum peer in election, a server still loading): most words then
    /// print "This ZooKeeper instance is not currently serving requests".
    /// </summary>
    public bool IsServing { get; init; } = true;

    /// <summary><c>standalone</c>, <c>leader</c>, <c>follower</c>, <c>observer</c> or <c>read-only</c>.</summary>
    public string ServerState { get; init; } = "standalone";

    /// <summary>A read-only server (srvr adds a line; isro says <c>ro</c>).</summary>
    public bool IsReadOnly { get; init; }

    /// <summary>mntr's <c>zk_peer_state</c> in a quorum, e.g. <c>following - broadcast</c>; null standalone.</summary>
    public string? PeerState { get; init; }

    /// <summary>mntr's <c>zk_observer_master_id</c> on an observer.</summary>
    public long? ObserverMasterId { get; init; }

    public long LastProcessedZxid { get; init; }

    /// <summary>Nodes in the tree, counting the root's "" alias as ZooKeeper does (5 when fresh).</summary>
    public long NodeCount { get; init; }

    public LatencyStats Latency { get; init; } = LatencyStats.Empty;

    /// <summary>Packets since start or <c>srst</c>, the four-letter word's own included.</summary>
    public long PacketsReceived { get; init; }

    public long PacketsSent { get; init; }

    public int AliveConnections { get; init; }

    public long OutstandingRequests { get; init; }

    /// <summary>The leader's proposal sizes (stat/srvr add a line on a leader); null elsewhere.</summary>
    public ProposalSizes? ProposalSizes { get; init; }

    /// <summary>ZooTrace's text trace mask; 306 by default (gtmk).</summary>
    public long TraceMask { get; init; } = 306;

    public IReadOnlyList<ConnectionInfo> Connections { get; init; } = [];

    public SessionTrackerDump Sessions { get; init; } = SessionTrackerDump.Empty;

    public IReadOnlyList<SessionEphemerals> Ephemerals { get; init; } = [];

    public IReadOnlyList<ConnectionExpiryBucket> ConnectionBuckets { get; init; } = [];

    /// <summary>The data-watch table (exists and getData watches) in the order to print; wchs/wchc/wchp read it.</summary>
    public IReadOnlyList<DataWatch> DataWatches { get; init; } = [];

    public ConfSnapshot Conf { get; init; } = new();

    /// <summary>envi's lines after <c>Environment:</c>; see <see cref="EnvironmentInfo.Capture"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public MonitorGauges Gauges { get; init; } = new();

    /// <summary>
    /// Gauge-set values (ZooKeeper's per-namespace quota gauges), by their printed name without <c>zk_</c>:
    /// <c>&lt;namespace&gt;_&lt;gauge&gt;</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, long>> GaugeSets { get; init; } = [];

    /// <summary>Counter values by name (no <c>zk_</c> prefix); catalogue names absent here print 0.</summary>
    public IReadOnlyDictionary<string, long> Counters { get; init; } = new Dictionary<string, long>();

    /// <summary>Summary values by name; catalogue names absent here print as empty summaries.</summary>
    public IReadOnlyDictionary<string, SummaryValue> Summaries { get; init; } = new Dictionary<string, SummaryValue>();

    /// <summary>Recent tree digests for <c>hash</c>.</summary>
    public IReadOnlyList<ZxidDigest> DigestLog { get; init; } = [];
}
