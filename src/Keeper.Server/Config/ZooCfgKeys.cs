using System.Globalization;

namespace Keeper.Server.Config;

/// <summary>
/// Applies one zoo.cfg key. Keys are matched case-sensitively, as Java's <c>Properties</c> does. A
/// <c>zookeeper.</c> prefix is accepted on every key: ZooKeeper turns unknown keys into <c>zookeeper.&lt;key&gt;</c>
/// system properties, so operators write both <c>extendedTypesEnabled</c> and <c>zookeeper.extendedTypesEnabled</c>.
/// </summary>
internal static class ZooCfgKeys
{
    private const string SystemPropertyPrefix = "zookeeper.";

    // Settings ZooKeeper knows that have no effect here; accepted silently rather than reported as unknown.
    private static readonly HashSet<string> AcceptedAndIgnored = new(StringComparer.Ordinal)
    {
        "admin.idleTimeout",
        "multiAddress.enabled",
        "multiAddress.reachabilityCheckTimeoutMs", "multiAddress.reachabilityCheckEnabled",
        "jvm.pause.info-threshold.ms", "jvm.pause.warn-threshold.ms", "jvm.pause.sleep.time.ms",
        "jvm.pause.monitor", "connectToLearnerMasterLimit", "observerMasterPort", "oraclePath",
    };

    /// <summary>The key without the <c>zookeeper.</c> prefix that system properties carry (zoo.cfg's own spelling).</summary>
    public static string Canonical(string key) =>
        key.StartsWith(SystemPropertyPrefix, StringComparison.Ordinal) && !ServerLineParser.IsServerKey(key)
            ? key[SystemPropertyPrefix.Length..]
            : key;

    public static void Apply(ParseState state, ConfigValue v)
    {
        var name = Canonical(v.Key);
        var c = state.Config;
        switch (name)
        {
            case "dataDir":
                state.Config = c with { DataDir = v.NonEmpty() };
                state.DataDirSet = true;
                break;
            case "dataLogDir":
                state.Config = c with { DataLogDir = v.NonEmpty() };
                state.DataLogDirSet = true;
                break;
            case "clientPort":
                state.Config = c with { ClientPort = v.OptionalPort() };
                break;
            case "clientPortAddress":
                state.Config = c with { ClientPortAddress = v.NonEmpty() };
                state.ClientPortAddressLine = v.Line;
                break;
            case "secureClientPort":
                state.Config = c with { SecureClientPort = v.OptionalPort() };
                break;
            case "secureClientPortAddress":
                state.Config = c with { SecureClientPortAddress = v.NonEmpty() };
                break;
            case "clientPortListenBacklog":
                state.Config = c with { ClientPortListenBacklog = v.Int() };
                break;
            case "tickTime":
                state.Config = c with { TickTime = v.PositiveInt() };
                break;
            case "initLimit":
                state.Config = c with { InitLimit = v.NonNegativeInt() };
                break;
            case "syncLimit":
                state.Config = c with { SyncLimit = v.NonNegativeInt() };
                break;
            case "maxClientCnxns":
                state.Config = c with { MaxClientCnxns = v.NonNegativeInt() };
                break;
            case "minSessionTimeout":
                state.MinSessionTimeout = SessionTimeout(v);
                state.SessionTimeoutLine = v.Line;
                break;
            case "maxSessionTimeout":
                state.MaxSessionTimeout = SessionTimeout(v);
                state.SessionTimeoutLine = v.Line;
                break;
            case "autopurge.snapRetainCount":
                state.Config = c with { SnapRetainCount = SnapRetainCount(state, v) };
                break;
            case "autopurge.purgeInterval":
                state.Config = c with { PurgeIntervalHours = Math.Max(0, v.Int()) };
                state.PurgeIntervalSpelledRight = true;
                break;
            case "autopurge.purgeInteval":
                // The misspelling the tutorial's original image wrote; honoured unless the right spelling is present.
                if (!state.PurgeIntervalSpelledRight)
                {
                    state.Config = c with { PurgeIntervalHours = Math.Max(0, v.Int()) };
                }

                break;
            case "4lw.commands.whitelist":
                state.Config = c with { FourLetterWordWhitelist = v.Text };
                break;
            case "jute.maxbuffer":
                state.Config = c with { JuteMaxBuffer = Positive(v, v.DecodedInt()) };
                break;
            case "extendedTypesEnabled":
                state.Config = c with { ExtendedTypesEnabled = v.Bool() };
                break;
            case "enforceQuota":
                state.Config = c with { EnforceQuota = v.Bool() };
                break;
            case "peerType":
                state.Config = c with { PeerType = PeerType(v) };
                state.PeerTypeLine = v.Line;
                break;
            case "version":
                state.Config = c with { ConfigVersion = HexVersion(v) };
                break;
            case "forceSync":
                state.Config = c with { ForceSync = YesNo(v) };
                break;
            case "preAllocSize":
                state.Config = c with { PreAllocSizeKb = Positive(v, v.Long()) };
                break;
            case "snapCount":
                state.Config = c with { SnapCount = SnapCount(state, v) };
                break;
            case "globalOutstandingLimit":
                state.Config = c with { GlobalOutstandingLimit = v.PositiveInt() };
                break;
            case "electionPortBindRetry":
                state.Config = c with { ElectionPortBindRetry = v.NonNegativeInt() };
                break;
            case "electionAlg":
                if (v.Int() != 3)
                {
                    throw v.Fail($"'{v.Text}' is not supported (only 3, fast leader election, exists)");
                }

                break;
            case "quorumListenOnAllIPs":
                state.Config = c with { QuorumListenOnAllIPs = v.Bool() };
                break;
            case "standaloneEnabled":
                state.Config = c with { StandaloneEnabled = v.Bool() };
                break;
            case "reconfigEnabled":
                state.Config = c with { ReconfigEnabled = v.Bool() };
                break;
            case "syncEnabled":
                state.Config = c with { SyncEnabled = v.Bool() };
                break;
            case "admin.enableServer":
                state.Config = c with { AdminEnableServer = v.Bool() };
                break;
            case "admin.serverPort":
                state.Config = c with { AdminServerPort = v.Port() };
                break;
            case "admin.serverAddress":
                state.Config = c with { AdminServerAddress = v.NonEmpty() };
                break;
            case "admin.commandURL":
                state.Config = c with { AdminCommandUrl = MetricsSettings.CommandUrl(v) };
                break;
            case "metricsProvider.className":
                state.Config = c with { MetricsProviderClassName = MetricsSettings.ClassName(v) };
                break;
            case "metricsProvider.httpHost":
                state.Config = c with { MetricsHttpHost = v.NonEmpty() };
                break;
            case "metricsProvider.httpPort":
                state.Config = c with { MetricsHttpPort = v.Port() };
                break;
            case "metricsProvider.exportJvmInfo":
                state.Config = c with { MetricsExportJvmInfo = v.Bool() };
                break;
            case "DigestAuthenticationProvider.superDigest":
                state.Config = c with { SuperDigest = v.NonEmpty() };
                break;
            case "znode.container.checkIntervalMs":
                state.Config = c with { ContainerCheckIntervalMs = v.PositiveInt() };
                break;
            case "znode.container.maxPerMinute":
                state.Config = c with { ContainerMaxPerMinute = v.PositiveInt() };
                break;
            case "localSessionsEnabled":
                state.Config = c with { LocalSessionsEnabled = v.Bool() };
                break;
            case "localSessionsUpgradingEnabled":
                state.Config = c with { LocalSessionsUpgradingEnabled = v.Bool() };
                break;
            case "readonlymode.enabled":
                state.Config = c with { ReadOnlyModeEnabled = v.Bool() };
                break;
            case "serverCnxnFactory":
                state.Config = c with { ServerCnxnFactory = v.Text };
                break;
            case DynamicConfigFile.Key:
                state.DynamicConfigFile = v.NonEmpty();
                break;
            default:
                ApplyOther(state, v, name);
                break;
        }
    }

    private static void ApplyOther(ParseState state, ConfigValue v, string name)
    {
        if (Tls.TlsConfigKeys.TryApply(state, v, name))
        {
            return;
        }

        if (ServerLineParser.IsServerKey(name))
        {
            var server = ServerLineParser.Parse(v);
            state.Servers[server.Id] = server;
            state.FirstStaticServerLine ??= v.Line;
            state.FirstStaticServerKey ??= v.Key;
        }
        else if (name.StartsWith("metricsProvider.", StringComparison.Ordinal))
        {
            state.MetricsProvider[name["metricsProvider.".Length..]] = v.Text;
        }
        else if (IsHierarchicalQuorumKey(name))
        {
            // Ignoring them would run a majority quorum where the operator asked for another: a different safety rule.
            throw v.Fail("hierarchical quorums (group/weight) are not supported");
        }
        else if (!AuthConfigKeys.TryApply(state, v, name) && !QuorumSasl.QuorumSaslConfigKeys.TryApply(state, v, name)
                 && !AcceptedAndIgnored.Contains(name))
        {
            state.UnknownKeys[v.Key] = v.Text;
            state.Warn($"{state.FileName}:{v.Line}: unknown key '{v.Key}' accepted and ignored");
        }
    }

    /// <summary>QuorumPeerConfig's test for a hierarchical quorum's lines (<c>group.N</c>, <c>weight.N</c>), which we do not run.</summary>
    public static bool IsHierarchicalQuorumKey(string key) =>
        key.StartsWith("group", StringComparison.Ordinal) || key.StartsWith("weight", StringComparison.Ordinal);

    // ZooKeeper's -1 means "derive from tickTime"; any other negative value is a mistake.
    private static int? SessionTimeout(ConfigValue v)
    {
        var value = v.Int();
        return value == -1 ? null : value >= 0 ? value : throw v.Fail($"'{v.Text}' must not be negative");
    }

    private static int SnapRetainCount(ParseState state, ConfigValue v)
    {
        var value = v.Int();
        if (value >= ServerConfig.MinSnapRetainCount)
        {
            return value;
        }

        state.Warn($"{state.FileName}:{v.Line}: autopurge.snapRetainCount {value} is below the minimum; using {ServerConfig.MinSnapRetainCount}");
        return ServerConfig.MinSnapRetainCount;
    }

    // SyncRequestProcessor.setSnapCount: fewer than 2 would snapshot on every txn; ZooKeeper raises it to 2.
    private static int SnapCount(ParseState state, ConfigValue v)
    {
        var value = v.Int();
        if (value >= 2)
        {
            return value;
        }

        state.Warn($"{state.FileName}:{v.Line}: snapCount {value} is too small; using 2");
        return 2;
    }

    private static LearnerType PeerType(ConfigValue v) =>
        v.Text.ToLowerInvariant() switch
        {
            "participant" => LearnerType.Participant,
            "observer" => LearnerType.Observer,
            _ => throw v.Fail($"'{v.Text}' is not a peer type (use participant or observer)"),
        };

    private static long HexVersion(ConfigValue v) =>
        long.TryParse(v.Text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw v.Fail($"'{v.Text}' is not a hex number");

    // ZooKeeper only checks for "no"; we also take the boolean spellings so "false" does not silently mean yes.
    private static bool YesNo(ConfigValue v) =>
        v.Text.ToLowerInvariant() switch
        {
            "yes" or "true" => true,
            "no" or "false" => false,
            _ => throw v.Fail($"'{v.Text}' is not yes or no"),
        };

    private static T Positive<T>(ConfigValue v, T value)
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw v.Fail($"'{v.Text}' must be greater than 0");
}
