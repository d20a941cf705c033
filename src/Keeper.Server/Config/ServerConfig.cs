namespace Keeper.Server.Config;

/// <summary>
/// Every zoo.cfg setting, resolved: defaults filled in exactly as ZooKeeper 3.8 fills them
/// (<c>QuorumPeerConfig</c>, <c>ZooKeeperServer</c>, the <c>zookeeper.*</c> system properties the extra keys become).
/// Built by <see cref="ZooCfgParser"/>; a plain record so tests and tools can make one with <c>with</c>.
/// </summary>
public sealed record ServerConfig
{
    public const int DefaultTickTime = 3000;
    public const int DefaultMaxClientCnxns = 60;
    public const int MinSnapRetainCount = 3;
    public const int DefaultJuteMaxBuffer = 0xfffff;
    public const int DefaultSnapCount = 100_000;
    public const long DefaultPreAllocSizeKb = 64 * 1024;
    public const int DefaultGlobalOutstandingLimit = 1000;

    /// <summary>The file the settings came from (for messages), or null when built in code.</summary>
    public string? SourcePath { get; init; }

    /// <summary>
    /// The plain-text client port. Null when neither <c>clientPort</c> nor this server's own <c>server.N</c> line
    /// gave one (then only <see cref="SecureClientPort"/> listens).
    /// </summary>
    public int? ClientPort { get; init; }

    /// <summary>The address to bind the client port to; null means all addresses.</summary>
    public string? ClientPortAddress { get; init; }

    /// <summary>The TLS-only client port; its settings are <see cref="Tls"/>.</summary>
    public int? SecureClientPort { get; init; }

    public string? SecureClientPortAddress { get; init; }

    /// <summary>The <c>ssl.*</c> keys, <c>client.portUnification</c> and <c>client.certReload</c>.</summary>
    public Tls.TlsSettings Tls { get; init; } = new();

    /// <summary><c>sslQuorum</c>, <c>portUnification</c>, <c>sslQuorumReloadCertFiles</c> and the <c>ssl.quorum.*</c> keys.</summary>
    public Tls.QuorumTlsSettings QuorumTls { get; init; } = new();

    /// <summary>Server-to-server SASL (<c>quorum.auth.*</c>).</summary>
    public QuorumSasl.QuorumSaslSettings QuorumSasl { get; init; } = new();

    /// <summary>The listen backlog; -1 lets the OS choose (ZooKeeper's default, shown by <c>conf</c>).</summary>
    public int ClientPortListenBacklog { get; init; } = -1;

    public string DataDir { get; init; } = "";

    /// <summary>Where txn logs go; the parser sets it to <see cref="DataDir"/> when the file does not say.</summary>
    public string DataLogDir { get; init; } = "";

    public int TickTime { get; init; } = DefaultTickTime;

    /// <summary>Ticks a follower may take to connect and sync to the leader; 0 = unset (required in a quorum).</summary>
    public int InitLimit { get; init; }

    /// <summary>Ticks a follower may lag behind the leader; 0 = unset (required in a quorum).</summary>
    public int SyncLimit { get; init; }

    /// <summary>Connections allowed per client IP; 0 means no limit.</summary>
    public int MaxClientCnxns { get; init; } = DefaultMaxClientCnxns;

    /// <summary>Lowest negotiable session timeout in ms; 2 × tickTime unless set.</summary>
    public int MinSessionTimeout { get; init; } = 2 * DefaultTickTime;

    /// <summary>Highest negotiable session timeout in ms; 20 × tickTime unless set.</summary>
    public int MaxSessionTimeout { get; init; } = 20 * DefaultTickTime;

    /// <summary>Snapshots (and their logs) kept by the purge task; never below 3.</summary>
    public int SnapRetainCount { get; init; } = MinSnapRetainCount;

    /// <summary>Hours between purges; 0 disables purging. Read from either spelling of the key.</summary>
    public int PurgeIntervalHours { get; init; }

    /// <summary>
    /// The raw <c>4lw.commands.whitelist</c> value, or null when the file does not set it (then our default
    /// applies: see <c>FourLetterWordWhitelist</c>).
    /// </summary>
    public string? FourLetterWordWhitelist { get; init; }

    /// <summary>Largest packet accepted, and largest string/buffer inside one.</summary>
    public int JuteMaxBuffer { get; init; } = DefaultJuteMaxBuffer;

    /// <summary>TTL nodes (and the server-id ≤ 254 rule) are on only when this is true.</summary>
    public bool ExtendedTypesEnabled { get; init; }

    /// <summary>Hard quotas refuse writes (<c>enforceQuota</c>, <c>-Dzookeeper.enforceQuota</c>); off, quotas are only counted.</summary>
    public bool EnforceQuota { get; init; }

    /// <summary>The <c>server.N</c> lines, sorted by id. Empty for a plain standalone server.</summary>
    public IReadOnlyList<QuorumServer> Servers { get; init; } = [];

    /// <summary>This server's role; the server list wins when the two disagree (as in ZooKeeper).</summary>
    public LearnerType PeerType { get; init; } = LearnerType.Participant;

    /// <summary>The <c>dataDir/myid</c> value in a quorum; 0 for a standalone server (what <c>conf</c> prints).</summary>
    public long ServerId { get; init; }

    /// <summary>The membership version (<c>version=</c> hex in the static file); 0 when absent.</summary>
    public long ConfigVersion { get; init; }

    /// <summary>fsync the txn log before acknowledging writes (<c>forceSync=no</c> turns it off).</summary>
    public bool ForceSync { get; init; } = true;

    /// <summary>Txn log preallocation step in KiB.</summary>
    public long PreAllocSizeKb { get; init; } = DefaultPreAllocSizeKb;

    public int SnapCount { get; init; } = DefaultSnapCount;

    public int GlobalOutstandingLimit { get; init; } = DefaultGlobalOutstandingLimit;

    public int ElectionPortBindRetry { get; init; } = 3;

    public bool QuorumListenOnAllIPs { get; init; }

    public bool StandaloneEnabled { get; init; } = true;

    public bool ReconfigEnabled { get; init; }

    /// <summary><c>dynamicConfigFile</c>: where the <c>server.N</c> lines came from, or null when from zoo.cfg itself.</summary>
    public string? DynamicConfigFile { get; init; }

    /// <summary>Observers and followers log txns to disk; ZooKeeper's <c>syncEnabled</c>.</summary>
    public bool SyncEnabled { get; init; } = true;

    /// <summary>The HTTP admin server (Apache's Jetty AdminServer); on by default, as in ZooKeeper.</summary>
    public bool AdminEnableServer { get; init; } = true;

    /// <summary>The address the admin server binds: an IP address or a host name.</summary>
    public string AdminServerAddress { get; init; } = "0.0.0.0";

    public int AdminServerPort { get; init; } = 8080;

    /// <summary>The path the admin commands live under (<c>/commands/ruok</c>).</summary>
    public string AdminCommandUrl { get; init; } = "/commands";

    /// <summary>
    /// <c>metricsProvider.className</c>, or null for ZooKeeper's default provider (no endpoint). Only
    /// <see cref="MetricsSettings.PrometheusClassName"/> starts one (checked by the parser).
    /// </summary>
    public string? MetricsProviderClassName { get; init; }

    public string MetricsHttpHost { get; init; } = "0.0.0.0";

    public int MetricsHttpPort { get; init; } = 7000;

    /// <summary>Apache exports JVM metrics; we export the .NET runtime's and the process's instead.</summary>
    public bool MetricsExportJvmInfo { get; init; } = true;

    /// <summary>True when <c>/metrics</c> is served (the Prometheus provider is configured).</summary>
    public bool PrometheusEnabled => MetricsProviderClassName == MetricsSettings.PrometheusClassName;

    /// <summary>Other <c>metricsProvider.*</c> keys without the prefix, kept but not interpreted.</summary>
    public IReadOnlyDictionary<string, string> MetricsProvider { get; init; } = new Dictionary<string, string>();

    /// <summary>The digest that grants <c>super</c> to a matching <c>digest</c> auth.</summary>
    public string? SuperDigest { get; init; }

    /// <summary>Auth providers, SASL (the JAAS file), super users and enforced authentication.</summary>
    public AuthConfig Auth { get; init; } = new();

    public int ContainerCheckIntervalMs { get; init; } = 60_000;

    public int ContainerMaxPerMinute { get; init; } = 10_000;

    public bool LocalSessionsEnabled { get; init; }

    public bool LocalSessionsUpgradingEnabled { get; init; }

    public bool ReadOnlyModeEnabled { get; init; }

    /// <summary>Accepted for compatibility (the Java NIO/Netty choice); it selects nothing here.</summary>
    public string? ServerCnxnFactory { get; init; }

    /// <summary>
    /// Keys we do not interpret, kept in file order. ZooKeeper turns such keys into <c>zookeeper.&lt;key&gt;</c>
    /// system properties rather than rejecting them, so we accept them too (with a warning).
    /// </summary>
    public IReadOnlyDictionary<string, string> UnknownKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// True when this server runs as a member of an ensemble: ZooKeeper's <c>isDistributed()</c>, i.e. more than one
    /// voter, or any server line with <c>standaloneEnabled=false</c>.
    /// </summary>
    public bool IsDistributed =>
        Servers.Count > 0 && (!StandaloneEnabled || Servers.Count(s => s.Type == LearnerType.Participant) > 1);

    /// <summary>This server's own line in a quorum, or null.</summary>
    public QuorumServer? Self => IsDistributed ? Servers.FirstOrDefault(s => s.Id == ServerId) : null;
}
