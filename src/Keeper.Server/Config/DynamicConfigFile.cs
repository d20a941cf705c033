using System.Globalization;

namespace Keeper.Server.Config;

/// <summary>
/// The file <c>dynamicConfigFile</c> names, read as ZooKeeper 3.8's <c>QuorumPeerConfig.parse</c> reads it: only
/// <c>server.N</c> lines (no <c>version</c> inside: the version is the file name's hex suffix,
/// <c>zoo.cfg.dynamic.100000000</c>, and 0 when there is none), and no <c>server.N</c> line left in zoo.cfg itself.
/// </summary>
internal static class DynamicConfigFile
{
    /// <summary>The key in zoo.cfg.</summary>
    public const string Key = "dynamicConfigFile";

    /// <summary>Reads the named file into <paramref name="state"/>'s server list and config version.</summary>
    public static void Load(ParseState state, Func<string, string> readFile)
    {
        if (state.DynamicConfigFile is not { } path)
        {
            return;
        }

        if (state.FirstStaticServerLine is { } staticLine)
        {
            throw state.Fail(staticLine, $"parameter: {state.FirstStaticServerKey} must be in a separate dynamic config file");
        }

        string text;
        try
        {
            text = readFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, null, $"cannot read the dynamic config file: {e.Message}", e);
        }

        var dynamicState = new ParseState(path, state.Warn);
        foreach (var property in PropertiesReader.Read(text, path))
        {
            var value = new ConfigValue(property, path);
            if (property.Key == "version")
            {
                throw value.Fail("dynamic file shouldn't have version inside");
            }

            if (ZooCfgKeys.IsHierarchicalQuorumKey(property.Key))
            {
                throw value.Fail("hierarchical quorums (group/weight) are not supported");
            }

            if (!ServerLineParser.IsServerKey(property.Key))
            {
                throw value.Fail($"Unrecognised parameter: {property.Key}");
            }

            var server = ServerLineParser.Parse(value);
            dynamicState.Servers[server.Id] = server;
        }

        foreach (var (id, server) in dynamicState.Servers)
        {
            state.Servers[id] = server;
        }

        state.Config = state.Config with { DynamicConfigFile = path, ConfigVersion = VersionFromFileName(path) };
    }

    /// <summary>getVersionFromFilename: the hex after the last '.', or 0 when that is not hex.</summary>
    public static long VersionFromFileName(string path)
    {
        var dot = path.LastIndexOf('.');
        if (dot < 0)
        {
            return 0;
        }

        var suffix = path[(dot + 1)..];
        return suffix.Length is > 0 and <= 16
               && long.TryParse(suffix, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var version)
            ? version
            : 0;
    }

    /// <summary>The name ZooKeeper gives the file of a config version: <c>&lt;zoo.cfg&gt;.dynamic.&lt;hex&gt;</c>.</summary>
    public static string NameFor(string staticConfigPath, long version) =>
        staticConfigPath + ".dynamic." + version.ToString("x", CultureInfo.InvariantCulture);
}
