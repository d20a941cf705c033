using Keeper.Server.Config;

namespace Keeper.Server.FourLetterWords;

/// <summary>
/// Which words run (<c>4lw.commands.whitelist</c>, ZooKeeper's <c>FourLetterCommands.isEnabled</c>).
/// <para>
/// Our default differs from Apache's on purpose. Apache enables only <c>srvr</c> when the key is absent; the
/// tutorial's readiness and liveness probe (<c>zookeeper-ready</c>) sends <c>ruok</c> to a config that has no
/// whitelist line, so with Apache's default no pod would ever become Ready. Our default is therefore
/// <c>srvr, ruok</c> (plus <c>isro</c> with <c>readonlymode.enabled</c>). An explicit list is honoured as Apache
/// honours it: <c>*</c> means every word, <c>srvr</c> is always added (zkServer.sh needs it), and <c>isro</c> is added
/// in read-only mode; nothing else is added, so an operator can still switch <c>ruok</c> off.
/// </para>
/// </summary>
internal sealed class FourLetterWordWhitelist
{
    public static readonly IReadOnlyList<string> DefaultWords = ["srvr", "ruok"];

    private readonly HashSet<string> enabled;

    private FourLetterWordWhitelist(HashSet<string> enabled) => this.enabled = enabled;

    public IReadOnlyCollection<string> Enabled => enabled;

    public static FourLetterWordWhitelist FromConfig(ServerConfig config) =>
        Parse(config.FourLetterWordWhitelist, config.ReadOnlyModeEnabled);

    /// <param name="setting">The raw key value; null when zoo.cfg does not set it.</param>
    public static FourLetterWordWhitelist Parse(string? setting, bool readOnlyModeEnabled)
    {
        var enabled = new HashSet<string>(StringComparer.Ordinal);
        if (setting is null)
        {
            enabled.UnionWith(DefaultWords);
        }
        else
        {
            foreach (var word in setting.Split(',').Select(w => w.Trim()))
            {
                if (word == "*")
                {
                    enabled.UnionWith(FourLetterWordCodes.All);
                    break;
                }

                if (word.Length > 0)
                {
                    enabled.Add(word);
                }
            }
        }

        if (readOnlyModeEnabled)
        {
            enabled.Add("isro");
        }

        enabled.Add("srvr");
        return new FourLetterWordWhitelist(enabled);
    }

    public bool IsEnabled(string word) => enabled.Contains(word);
}
