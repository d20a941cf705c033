using Keeper.Server.Config;

namespace Keeper.Server.FourLetterWords;

/// <summary>
/// What <c>conf</c> and <c>dirs</c> print (<c>ZooKeeperServer.dumpConf</c>, <c>QuorumZooKeeperServer.dumpConf</c>).
/// Build it with <see cref="From"/>; the directory sizes are passed in because they cost a directory walk.
/// </summary>
internal sealed record ConfSnapshot
{
    /// <summary>The bound client port; -1 when none listens.</summary>
    public int ClientPort { get; init; } = -1;

    public int SecureClientPort { get; init; } = -1;

    /// <summary>The snapshot directory, i.e. dataDir with <c>version-2</c> appended, absolute.</summary>
    public string DataDir { get; init; } = "";

    public long DataDirSize { get; init; }

    /// <summary>The txn log directory, i.e. dataLogDir with <c>version-2</c> appended, absolute.</summary>
    public string DataLogDir { get; init; } = "";

    public long DataLogSize { get; init; }

    public int TickTime { get; init; } = ServerConfig.DefaultTickTime;

    public int MaxClientCnxns { get; init; } = ServerConfig.DefaultMaxClientCnxns;

    public int MinSessionTimeout { get; init; } = 2 * ServerConfig.DefaultTickTime;

    public int MaxSessionTimeout { get; init; } = 20 * ServerConfig.DefaultTickTime;

    public int ClientPortListenBacklog { get; init; } = -1;

    /// <summary>myid in a quorum, 0 standalone.</summary>
    public long ServerId { get; init; }

    /// <summary>The quorum lines; null for a standalone server.</summary>
    public QuorumConf? Quorum { get; init; }

    public static ConfSnapshot From(ServerConfig config, long dataDirSize, long dataLogSize) => new()
    {
        ClientPort = config.ClientPort ?? -1,
        SecureClientPort = config.SecureClientPort ?? -1,
        DataDir = VersionDir(config.DataDir),
        DataDirSize = dataDirSize,
        DataLogDir = VersionDir(config.DataLogDir),
        DataLogSize = dataLogSize,
        TickTime = config.TickTime,
        MaxClientCnxns = config.MaxClientCnxns,
        MinSessionTimeout = config.MinSessionTimeout,
        MaxSessionTimeout = config.MaxSessionTimeout,
        ClientPortListenBacklog = config.ClientPortListenBacklog,
        ServerId = config.ServerId,
        Quorum = config.IsDistributed ? QuorumConf.From(config) : null,
    };

    /// <summary>Where ZooKeeper keeps its files under a data dir: <c>&lt;dir&gt;/version-2</c>, made absolute.</summary>
    public static string VersionDir(string dir) => Path.GetFullPath(Path.Combine(dir, "version-2"));

    /// <summary>Total bytes of the files under <paramref name="path"/> (0 if it does not exist), as ZooKeeper sums them.</summary>
    public static long DirectorySize(string path)
    {
        try
        {
            return Directory.Exists(path)
                ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
                : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}

/// <summary>The quorum part of <c>conf</c>.</summary>
/// <param name="ElectionPorts">Ports joined with <c>|</c> (one unless multi-address).</param>
/// <param name="Membership">The QuorumVerifier text: <c>server.N=...</c> lines then <c>version=&lt;hex&gt;</c>, no final newline.</param>
internal sealed record QuorumConf(
    int InitLimit,
    int SyncLimit,
    string ElectionPorts,
    string QuorumPorts,
    LearnerType PeerType,
    string Membership)
{
    /// <summary>Fast leader election, the only algorithm left in 3.x.</summary>
    public const int ElectionAlg = 3;

    public static QuorumConf From(ServerConfig config)
    {
        var self = config.Self;
        return new QuorumConf(
            config.InitLimit,
            config.SyncLimit,
            self?.ElectionPort.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            self?.QuorumPort.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            config.PeerType,
            MembershipOf(config));
    }

    /// <summary><c>QuorumMaj.toString()</c>: one line per server by id, then the version in hex.</summary>
    public static string MembershipOf(ServerConfig config) =>
        string.Concat(config.Servers.OrderBy(s => s.Id).Select(s => s.ToConfigLine() + "\n"))
        + "version=" + JavaFormat.Hex(config.ConfigVersion);
}
