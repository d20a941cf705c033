using System.Globalization;
using System.Text.RegularExpressions;
using Keeper.Server.Logging;

namespace Keeper.Launch;

/// <summary>
/// The settings of the tutorial's <c>start-zookeeper</c> script (flags) and of the older image's
/// <c>zkGenConfig.sh</c> (<c>ZK_*</c> environment variables), resolved to values. The environment gives the
/// defaults, flags override it; unset values take the script's defaults.
/// </summary>
public sealed record StartOptions
{
    public int Servers { get; init; } = 1;

    /// <summary>ZK_ENSEMBLE's host names (<c>zk-0;zk-1;zk-2</c>), or null for <c>name-0 .. name-(servers-1)</c>.</summary>
    public IReadOnlyList<string>? Ensemble { get; init; }

    public string DataDir { get; init; } = "/var/lib/zookeeper/data";
    public string DataLogDir { get; init; } = "/var/lib/zookeeper/log";
    public string LogDir { get; init; } = "/var/log/zookeeper";
    public string ConfDir { get; init; } = "/opt/zookeeper/conf";
    public int ClientPort { get; init; } = 2181;
    public int ElectionPort { get; init; } = 3888;
    public int ServerPort { get; init; } = 2888;
    public int TickTime { get; init; } = 2000;
    public int InitLimit { get; init; } = 10;
    public int SyncLimit { get; init; } = 5;
    public string Heap { get; init; } = "2G";
    public int MaxClientCnxns { get; init; } = 60;
    public int SnapRetainCount { get; init; } = 3;
    public int PurgeInterval { get; init; }

    /// <summary>Null means 2 * tick time.</summary>
    public int? MinSessionTimeout { get; init; }

    /// <summary>Null means 20 * tick time.</summary>
    public int? MaxSessionTimeout { get; init; }

    public LogLevel LogLevel { get; init; } = LogLevel.Info;

    /// <summary>Hidden flag <c>--config_only</c>: write the files and exit (what <c>zkGenConfig.sh</c> did).</summary>
    public bool ConfigOnly { get; init; }

    public int EffectiveMinSessionTimeout => MinSessionTimeout ?? 2 * TickTime;
    public int EffectiveMaxSessionTimeout => MaxSessionTimeout ?? 20 * TickTime;

    public long HeapBytes => HeapSize.Parse(Heap);

    public string ConfigPath => Path.Combine(ConfDir, "zoo.cfg");
    public string Log4jPath => Path.Combine(ConfDir, "log4j.properties");
    public string MyIdPath => Path.Combine(DataDir, "myid");
}

/// <summary>Java's <c>-Xmx</c> size syntax: digits with an optional k/m/g/t suffix (binary units).</summary>
public static partial class HeapSize
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var m = Pattern().Match(text ?? "");
        if (!m.Success || !long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        int shift = m.Groups[2].Value.ToUpperInvariant() switch { "K" => 10, "M" => 20, "G" => 30, "T" => 40, _ => 0 };
        if (n <= 0 || n > (long.MaxValue >> shift))
        {
            return false;
        }

        bytes = n << shift;
        return true;
    }

    public static long Parse(string text) =>
        TryParse(text, out var bytes) ? bytes : throw new FormatException($"invalid heap size '{text}'");

    [GeneratedRegex(@"^\s*([0-9]+)([kKmMgGtT]?)[bB]?\s*$")]
    private static partial Regex Pattern();
}
