using System.Globalization;
using System.Text;
using Keeper.Client;

namespace Keeper.Cli;

/// <summary>zkCli 3.8's ReconfigCommand: its options, its checks before anything is sent, and its output.</summary>
internal sealed partial class CliShell
{
    private const string ReconfigUsage =
        "[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]";

    private static async Task ReconfigAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var options = ReconfigOptions(words);
        if (!options.ContainsKey("file") && !options.ContainsKey("members") && !options.ContainsKey("add") && !options.ContainsKey("remove"))
            throw new CliException(Usage(words));

        long version = -1;
        if (options.TryGetValue("v", out var v)
            && !long.TryParse(v, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out version))
            throw new CliException("-v must be followed by a long (configuration version)");
        if ((options.ContainsKey("file") || options.ContainsKey("members")) && (options.ContainsKey("add") || options.ContainsKey("remove")))
            throw new CliException("Can't use -file or -members together with -add or -remove (mixing incremental and non-incremental modes is not allowed)");
        if (options.ContainsKey("file") && options.ContainsKey("members"))
            throw new CliException("Can't use -file and -members together (conflicting non-incremental modes)");

        string? joining = options.GetValueOrDefault("add")?.ToLowerInvariant();
        string? leaving = options.GetValueOrDefault("remove")?.ToLowerInvariant();
        string? members = options.GetValueOrDefault("members")?.ToLowerInvariant();
        if (options.TryGetValue("file", out var file)) members = MembersFromFile(file);

        var (config, stat) = await zk.ReconfigAsync(joining, leaving, members, version).ConfigureAwait(false);
        sh.Out.WriteLine("Committed new configuration:\n" + (config is null ? "" : Encoding.UTF8.GetString(config)));
        if (options.ContainsKey("s")) sh.Out.Write(StatPrinter.Format(stat));
    }

    // commons-cli as ReconfigCommand sets it up: -s alone, the others take the next word.
    private static Dictionary<string, string> ReconfigOptions(List<string> words)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < words.Count; i++)
        {
            var word = words[i];
            var name = word.StartsWith('-') ? word[1..] : throw new CliException(Usage(words));
            if (name == "s") { options["s"] = ""; continue; }
            if (name is not ("v" or "file" or "members" or "add" or "remove")) throw new CliException("Unrecognized option: " + word);
            if (i + 1 >= words.Count) throw new CliException("Missing argument for option: " + name);
            options[name] = words[++i];
        }
        return options;
    }

    // -file: the server lines of a dynamic config file, sent as the new membership (the leader checks them again).
    private static string MembersFromFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException("Error processing " + path + e.Message);
        }

        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!') continue;
            var eq = line.IndexOf('=');
            var key = eq < 0 ? line : line[..eq].Trim();
            if (key == "version") continue;
            if (!key.StartsWith("server.", StringComparison.Ordinal))
                throw new CliException("Error processing " + path + "Unrecognised parameter: " + key);
            lines.Add(key + "=" + (eq < 0 ? "" : line[(eq + 1)..].Trim()));
        }
        return string.Join('\n', lines);
    }
}
