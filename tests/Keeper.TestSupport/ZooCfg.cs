using System.Text;

namespace Keeper.TestSupport;

/// <summary>The zoo.cfg the test servers are started with.</summary>
public static class ZooCfg
{
    /// <summary>
    /// The keys every test server gets, in file order. <c>extendedTypesEnabled=true</c> turns on
    /// TTL nodes: Apache ZooKeeper copies every zoo.cfg key it does not know into the system
    /// property <c>zookeeper.&lt;key&gt;</c>, so this line is the same as
    /// <c>-Dzookeeper.extendedTypesEnabled=true</c> (verified against 3.8.0: without it a TTL
    /// create fails with Unimplemented).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Defaults(int port, string dataDir) =>
    [
        new("tickTime", "2000"),
        new("dataDir", dataDir),
        new("clientPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("clientPortAddress", "127.0.0.1"),
        new("admin.enableServer", "false"),
        new("4lw.commands.whitelist", "*"),
        new("extendedTypesEnabled", "true"),
    ];

    /// <summary>
    /// The defaults with <paramref name="extra"/> applied: a key that is already there gets the
    /// new value in place, a new key is appended, and an empty value removes the key (so a test
    /// can get a server's built-in default, e.g. the default 4lw whitelist).
    /// </summary>
    public static string Render(int port, string dataDir, IDictionary<string, string>? extra)
    {
        var entries = Defaults(port, dataDir).ToList();
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                var at = entries.FindIndex(e => e.Key == key);
                if (at >= 0)
                {
                    entries.RemoveAt(at);
                    if (value.Length > 0)
                    {
                        entries.Insert(at, new(key, value));
                    }
                }
                else if (value.Length > 0)
                {
                    entries.Add(new(key, value));
                }
            }
        }

        var sb = new StringBuilder();
        foreach (var (key, value) in entries)
        {
            sb.Append(key).Append('=').Append(value).Append('\n');
        }

        return sb.ToString();
    }
}
