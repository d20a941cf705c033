namespace Keeper.Server.Config;

/// <summary>
/// What the key handlers accumulate while reading one file: the config so far plus the facts the final checks
/// need (which keys were given, and on which line).
/// </summary>
internal sealed class ParseState(string fileName, Action<string> warn)
{
    public string FileName { get; } = fileName;

    public Action<string> Warn { get; } = warn;

    public ServerConfig Config { get; set; } = new();

    public bool DataDirSet { get; set; }

    public bool DataLogDirSet { get; set; }

    public int? MinSessionTimeout { get; set; }

    public int? MaxSessionTimeout { get; set; }

    public int? SessionTimeoutLine { get; set; }

    /// <summary>True once <c>autopurge.purgeInterval</c> was read, so the misspelled key can no longer override it.</summary>
    public bool PurgeIntervalSpelledRight { get; set; }

    public int? ClientPortAddressLine { get; set; }

    public int? PeerTypeLine { get; set; }

    public SortedDictionary<long, QuorumServer> Servers { get; } = new();

    /// <summary><c>dynamicConfigFile</c>'s path, read after every key (<see cref="DynamicConfigFile"/>).</summary>
    public string? DynamicConfigFile { get; set; }

    /// <summary>The first <c>server.N</c> line of the file itself, which a dynamic config file forbids.</summary>
    public int? FirstStaticServerLine { get; set; }

    public string? FirstStaticServerKey { get; set; }

    public Dictionary<string, string> MetricsProvider { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> UnknownKeys { get; } = new(StringComparer.Ordinal);

    public ConfigException Fail(int? line, string reason) => new(FileName, line, reason);
}
