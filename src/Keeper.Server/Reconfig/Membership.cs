using System.Globalization;
using System.Text;
using Keeper.Server.Config;

namespace Keeper.Server.Reconfig;

/// <summary>
/// One version of the ensemble's membership: the <c>server.N</c> lines and the version, in the text form ZooKeeper
/// keeps in <c>/zookeeper/config</c>, sends in NEWLEADER and notifications (<c>QuorumMaj.toString</c>) and writes
/// into <c>zoo.cfg.dynamic.&lt;version&gt;</c>.
/// </summary>
internal sealed record Membership(IReadOnlyList<Config.QuorumServer> Servers, long Version)
{
    public static Membership From(ServerConfig config) => new(config.Servers, config.ConfigVersion);

    public Membership WithVersion(long version) => this with { Version = version };

    public Config.QuorumServer? Find(long id) => Servers.FirstOrDefault(s => s.Id == id);

    public IEnumerable<long> Voters => Servers.Where(s => s.Type == LearnerType.Participant).Select(s => s.Id);

    public IEnumerable<long> Observers => Servers.Where(s => s.Type == LearnerType.Observer).Select(s => s.Id);

    /// <summary>The consensus layer's view of these servers.</summary>
    public Consensus.Quorum.QuorumVerifier ToVerifier() =>
        new(Servers.Select(s => new Consensus.Quorum.QuorumServer(s.Id, s.Host, s.QuorumPort, s.ElectionPort,
            s.Type == LearnerType.Observer, ClientAddressOf(s))), Version);

    // The ";host:port" part of a server line as Apache prints it, when the line had one.
    private static string? ClientAddressOf(Config.QuorumServer server)
    {
        var value = server.ToConfigValue();
        var semicolon = value.IndexOf(';');
        return semicolon < 0 ? null : value[(semicolon + 1)..];
    }

    /// <summary>Every server line in id order, then <c>version=&lt;hex&gt;</c>, joined by newlines (no newline at the end).</summary>
    public string ToConfigString()
    {
        var text = new StringBuilder();
        foreach (var server in Servers.OrderBy(s => s.Id))
        {
            text.Append(server.ToConfigLine()).Append('\n');
        }

        return text.Append("version=").Append(Version.ToString("x", CultureInfo.InvariantCulture)).ToString();
    }

    /// <summary>
    /// What <c>QuorumPeerConfig.writeDynamicConfig</c> writes: the server lines sorted as strings, without the
    /// version (the file name carries it), joined by newlines with none at the end.
    /// </summary>
    public string ToDynamicFileText() =>
        string.Join('\n', Servers.Select(s => s.ToConfigLine()).Order(StringComparer.Ordinal));

    /// <summary>The same with the version kept, as <c>zoo.cfg.dynamic.next</c> holds it (needKeepVersion).</summary>
    public string ToNextFileText() =>
        string.Join('\n', Servers.Select(s => s.ToConfigLine()).Append("version=" + Version.ToString("x", CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal));

    /// <summary>Reads <see cref="ToConfigString"/>'s form (from a peer); a bad line throws <see cref="ConfigException"/>.</summary>
    public static Membership Parse(string text, string source)
    {
        var servers = new SortedDictionary<long, Config.QuorumServer>();
        long version = 0;
        foreach (var property in PropertiesReader.Read(text, source))
        {
            var value = new ConfigValue(property, source);
            if (property.Key == "version")
            {
                version = long.TryParse(property.Value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)
                    ? v
                    : throw value.Fail($"'{property.Value}' is not a hex number");
            }
            else if (ServerLineParser.IsServerKey(property.Key))
            {
                var server = ServerLineParser.Parse(value);
                servers[server.Id] = server;
            }
            else
            {
                throw value.Fail($"Unrecognised parameter: {property.Key}");
            }
        }

        return new Membership(servers.Values.ToList(), version);
    }
}
