using System.Globalization;
using System.Text;
using Keeper.Server.Logging;

namespace Keeper.Launch;

/// <summary>Parses start-zookeeper's flags over the ZK_* environment; renders zoo.cfg as the script wrote it.</summary>
public static class StartArguments
{
    public sealed class UsageException(string message, bool printUsage = false) : Exception(message)
    {
        public bool PrintUsage { get; } = printUsage;
    }

    public const string Usage = """
        Usage: start-zookeeper [OPTIONS]
        Starts a ZooKeeper server based on the supplied options.
            --servers           The number of servers in the ensemble. The default
                                value is 1.

            --data_dir          The directory where the ZooKeeper process will store its
                                snapshots. The default is /var/lib/zookeeper/data.

            --data_log_dir      The directory where the ZooKeeper process will store its
                                write ahead log. The default is
                                /var/lib/zookeeper/log.

            --conf_dir          The directory where the ZooKeeper process will store its
                                configuration. The default is /opt/zookeeper/conf.

            --client_port       The port on which the ZooKeeper process will listen for
                                client requests. The default is 2181.

            --election_port     The port on which the ZooKeeper process will perform
                                leader election. The default is 3888.

            --server_port       The port on which the ZooKeeper process will listen for
                                requests from other servers in the ensemble. The
                                default is 2888.

            --tick_time         The length of a ZooKeeper tick in ms. The default is
                                2000.

            --init_limit        The number of Ticks that an ensemble member is allowed
                                to perform leader election. The default is 10.

            --sync_limit        The maximum session timeout that the ensemble will
                                allows a client to request. The default is 5.

            --heap              The maximum amount of heap to use. The format is the
                                same as that used for the Xmx and Xms parameters to the
                                JVM. e.g. --heap=2G. The default is 2G. (Keeper: the
                                .NET GC's hard heap limit.)

            --max_client_cnxns  The maximum number of client connections that the
                                ZooKeeper process will accept simultaneously. The
                                default is 60.

            --snap_retain_count The maximum number of snapshots the ZooKeeper process
                                will retain if purge_interval is greater than 0. The
                                default is 3.

            --purge_interval    The number of hours the ZooKeeper process will wait
                                between purging its old snapshots. If set to 0 old
                                snapshots will never be purged. The default is 0.

            --max_session_timeout The maximum time in milliseconds for a client session
                                timeout. The default value is 20 * tick_time.

            --min_session_timeout The minimum time in milliseconds for a client session
                                timeout. The default value is 2 * tick_time.

            --log_level         The log level for the zookeeper server. Either FATAL,
                                ERROR, WARN, INFO, DEBUG. The default is INFO.

            --log_dir           The directory where the ZooKeeper process will write
                                its logs. The default is /var/log/zookeeper.

        The ZK_* environment variables of the older image (ZK_ENSEMBLE, ZK_REPLICAS,
        ZK_HEAP_SIZE, ZK_TICK_TIME, ZK_INIT_LIMIT, ZK_SYNC_LIMIT, ZK_MAX_CLIENT_CNXNS,
        ZK_SNAP_RETAIN_COUNT, ZK_PURGE_INTERVAL, ZK_CLIENT_PORT, ZK_SERVER_PORT,
        ZK_ELECTION_PORT, ZK_MIN_SESSION_TIMEOUT, ZK_MAX_SESSION_TIMEOUT, ZK_LOG_LEVEL,
        ZK_DATA_DIR, ZK_DATA_LOG_DIR, ZK_LOG_DIR, ZK_CONF_DIR) give the defaults; flags
        override them.

        """;

    private static readonly string[] Flags =
    [
        "servers", "data_dir", "data_log_dir", "log_dir", "conf_dir", "client_port", "election_port", "server_port",
        "tick_time", "init_limit", "sync_limit", "heap", "max_client_cnxns", "snap_retain_count", "purge_interval",
        "min_session_timeout", "max_session_timeout", "log_level",
    ];

    private static readonly (string Env, string Flag)[] EnvVars =
    [
        ("ZK_REPLICAS", "servers"), ("ZK_DATA_DIR", "data_dir"), ("ZK_DATA_LOG_DIR", "data_log_dir"),
        ("ZK_LOG_DIR", "log_dir"), ("ZK_CONF_DIR", "conf_dir"), ("ZK_CLIENT_PORT", "client_port"),
        ("ZK_ELECTION_PORT", "election_port"), ("ZK_SERVER_PORT", "server_port"), ("ZK_TICK_TIME", "tick_time"),
        ("ZK_INIT_LIMIT", "init_limit"), ("ZK_SYNC_LIMIT", "sync_limit"), ("ZK_HEAP_SIZE", "heap"),
        ("ZK_MAX_CLIENT_CNXNS", "max_client_cnxns"), ("ZK_SNAP_RETAIN_COUNT", "snap_retain_count"),
        ("ZK_PURGE_INTERVAL", "purge_interval"), ("ZK_MIN_SESSION_TIMEOUT", "min_session_timeout"),
        ("ZK_MAX_SESSION_TIMEOUT", "max_session_timeout"), ("ZK_LOG_LEVEL", "log_level"),
    ];

    /// <summary>
    /// Parses <paramref name="args"/> (<c>--name=value</c> or <c>--name value</c>) over the ZK_* variables of
    /// <paramref name="environment"/>. Returns null for -h/--help. Throws <see cref="UsageException"/> for an
    /// unknown option or a bad value.
    /// </summary>
    public static StartOptions? Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var values = new Dictionary<string, (string Value, string Source)>(StringComparer.Ordinal);
        foreach (var (env, flag) in EnvVars)
        {
            if (environment.TryGetValue(env, out var v) && !string.IsNullOrWhiteSpace(v))
            {
                values[flag] = (v.Trim(), env);
            }
        }

        IReadOnlyList<string>? ensemble = null;
        if (environment.TryGetValue("ZK_ENSEMBLE", out var ens) && !string.IsNullOrWhiteSpace(ens))
        {
            ensemble = ens.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        }

        bool configOnly = false;
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-help")
            {
                return null;
            }

            if (arg == "--config_only")
            {
                configOnly = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException(arg.StartsWith('-') ? $"Unknown option {arg}" : $"Unexpected argument {arg}", true);
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? arg[2..] : arg[2..eq];
            if (!Flags.Contains(name))
            {
                throw new UsageException($"Unknown option --{name}");
            }

            string value;
            if (eq >= 0)
            {
                value = arg[(eq + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"Option --{name} needs a value (--{name}=VALUE)");
            }

            values[name] = (value.Trim(), "--" + name);
            if (name == "servers")
            {
                ensemble = null; // an explicit --servers wins over ZK_ENSEMBLE
            }
        }

        string Str(string flag, string def) =>
            values.TryGetValue(flag, out var v) ? (v.Value.Length > 0 ? v.Value : throw Bad(v.Source, v.Value, "a non-empty path")) : def;

        int Int(string flag, int def, int min, int max = int.MaxValue) =>
            values.TryGetValue(flag, out var v) ? ParseInt(v.Source, v.Value, min, max) : def;

        int? OptInt(string flag, int min) =>
            values.TryGetValue(flag, out var v) ? ParseInt(v.Source, v.Value, min, int.MaxValue) : null;

        var level = LogLevel.Info;
        if (values.TryGetValue("log_level", out var lv) && !LogLevels.TryParse(lv.Value, out level))
        {
            throw Bad(lv.Source, lv.Value, "one of FATAL, ERROR, WARN, INFO, DEBUG, TRACE");
        }

        var heap = "2G";
        if (values.TryGetValue("heap", out var hv))
        {
            if (!HeapSize.TryParse(hv.Value, out _))
            {
                throw Bad(hv.Source, hv.Value, "a size such as 512M or 2G");
            }

            heap = hv.Value;
        }

        var options = new StartOptions
        {
            Servers = ensemble?.Count ?? Int("servers", 1, 1, 255),
            Ensemble = ensemble,
            DataDir = Str("data_dir", "/var/lib/zookeeper/data"),
            DataLogDir = Str("data_log_dir", "/var/lib/zookeeper/log"),
            LogDir = Str("log_dir", "/var/log/zookeeper"),
            ConfDir = Str("conf_dir", "/opt/zookeeper/conf"),
            ClientPort = Int("client_port", 2181, 1, 65535),
            ElectionPort = Int("election_port", 3888, 1, 65535),
            ServerPort = Int("server_port", 2888, 1, 65535),
            TickTime = Int("tick_time", 2000, 1),
            InitLimit = Int("init_limit", 10, 1),
            SyncLimit = Int("sync_limit", 5, 1),
            Heap = heap,
            MaxClientCnxns = Int("max_client_cnxns", 60, 0),
            SnapRetainCount = Int("snap_retain_count", 3, 1),
            PurgeInterval = Int("purge_interval", 0, 0),
            MinSessionTimeout = OptInt("min_session_timeout", 1),
            MaxSessionTimeout = OptInt("max_session_timeout", 1),
            LogLevel = level,
            ConfigOnly = configOnly,
        };
        if (options.EffectiveMinSessionTimeout > options.EffectiveMaxSessionTimeout)
        {
            throw new UsageException(
                $"min_session_timeout ({options.EffectiveMinSessionTimeout}) must not exceed max_session_timeout ({options.EffectiveMaxSessionTimeout})");
        }

        return options;
    }

    /// <summary>Splits <c>name-ordinal</c> (<c>zk-1</c> -> zk, 1), as the script's <c>(.*)-([0-9]+)$</c>.</summary>
    public static bool TryParseHost(string host, out string name, out int ordinal)
    {
        name = "";
        ordinal = -1;
        var dash = host.LastIndexOf('-');
        if (dash <= 0 || dash == host.Length - 1
            || !int.TryParse(host.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ordinal))
        {
            ordinal = -1;
            return false;
        }

        name = host[..dash];
        return true;
    }

    /// <summary>The zoo.cfg the tutorial's start-zookeeper writes (with the purge key spelled correctly).</summary>
    public static string RenderZooCfg(StartOptions o, string name, string domain)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("#This file was autogenerated DO NOT EDIT\n");
        sb.Append(inv, $"clientPort={o.ClientPort}\n");
        sb.Append(inv, $"dataDir={o.DataDir}\n");
        sb.Append(inv, $"dataLogDir={o.DataLogDir}\n");
        sb.Append(inv, $"tickTime={o.TickTime}\n");
        sb.Append(inv, $"initLimit={o.InitLimit}\n");
        sb.Append(inv, $"syncLimit={o.SyncLimit}\n");
        sb.Append(inv, $"maxClientCnxns={o.MaxClientCnxns}\n");
        sb.Append(inv, $"minSessionTimeout={o.EffectiveMinSessionTimeout}\n");
        sb.Append(inv, $"maxSessionTimeout={o.EffectiveMaxSessionTimeout}\n");
        sb.Append(inv, $"autopurge.snapRetainCount={o.SnapRetainCount}\n");
        sb.Append(inv, $"autopurge.purgeInterval={o.PurgeInterval}\n");
        if (o.Servers > 1)
        {
            var suffix = string.IsNullOrEmpty(domain) ? "" : "." + domain;
            for (int i = 1; i <= o.Servers; i++)
            {
                var host = o.Ensemble is { } e ? e[i - 1] : $"{name}-{i - 1}";
                sb.Append(inv, $"server.{i}={host}{suffix}:{o.ServerPort}:{o.ElectionPort}\n");
            }
        }

        return sb.ToString();
    }

    private static int ParseInt(string source, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw Bad(source, value, max == int.MaxValue ? $"an integer >= {min}" : $"an integer from {min} to {max}");
        }

        return n;
    }

    private static UsageException Bad(string source, string value, string expected) =>
        new($"Invalid value for {source}: '{value}' (expected {expected})");
}
