using Keeper.Server.Logging;

namespace Keeper.Server.Config;

/// <summary>
/// Reads a ZooKeeper <c>zoo.cfg</c> into a <see cref="ServerConfig"/>, with ZooKeeper 3.8's defaults and checks.
/// Anything wrong stops startup with a <see cref="ConfigException"/> naming the file, the line and the reason.
/// </summary>
public static class ZooCfgParser
{
    private static readonly Logger Logger = Log.For(typeof(ZooCfgParser));

    /// <summary>Reads the file at <paramref name="path"/>; in a quorum also <c>dataDir/myid</c>.</summary>
    public static ServerConfig Parse(string path) => Parse(path, []);

    /// <summary>
    /// Reads the file at <paramref name="path"/> over Java-style system properties (<c>-Dname=value</c> words, as
    /// ZooKeeper's launch scripts pass them). The properties apply first and the file after, so a setting given both
    /// ways takes the file's value: ZooKeeper's QuorumPeerConfig writes every zoo.cfg key it does not parse itself
    /// into the system property <c>zookeeper.KEY</c>, over what <c>-D</c> said.
    /// </summary>
    public static ServerConfig Parse(string path, IReadOnlyList<string> systemProperties)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, null, $"cannot read the file: {e.Message}", e);
        }

        return ParseText(text, path, systemProperties, MyIdFile.ReadText, message => Logger.Warn(message)) with { SourcePath = path };
    }

    /// <summary>Parses zoo.cfg text; <paramref name="fileName"/> is used in messages. In a quorum it reads <c>dataDir/myid</c>.</summary>
    public static ServerConfig ParseText(string text, string fileName) =>
        ParseText(text, fileName, [], MyIdFile.ReadText, message => Logger.Warn(message));

    internal static ServerConfig ParseText(
        string text, string fileName, Func<string, string?> readMyIdFile, Action<string> warn,
        Func<string, string>? readFile = null) =>
        ParseText(text, fileName, [], readMyIdFile, warn, readFile);

    /// <summary>
    /// The testable core: the -D options, where myid comes from, where warnings go and how the dynamic config file
    /// is read are supplied.
    /// </summary>
    internal static ServerConfig ParseText(
        string text, string fileName, IReadOnlyList<string> systemProperties, Func<string, string?> readMyIdFile, Action<string> warn,
        Func<string, string>? readFile = null)
    {
        var state = new ParseState(fileName, warn);
        var fromOptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in systemProperties)
        {
            var property = SystemProperty(option);
            fromOptions[ZooCfgKeys.Canonical(property.Key)] = option;
            ZooCfgKeys.Apply(state, new ConfigValue(property, option));
        }

        var firstSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in PropertiesReader.Read(text, fileName))
        {
            // java.util.Properties keeps the last value of a repeated key; say so, since it is usually a mistake.
            if (!firstSeen.TryAdd(property.Key, property.Line))
            {
                warn($"{fileName}:{property.Line}: '{property.Key}' repeats line {firstSeen[property.Key]}; the last value wins");
            }
            else if (fromOptions.TryGetValue(ZooCfgKeys.Canonical(property.Key), out var option))
            {
                warn($"{fileName}:{property.Line}: '{property.Key}' overrides {option}, as in ZooKeeper");
            }

            ZooCfgKeys.Apply(state, new ConfigValue(property, fileName));
        }

        DynamicConfigFile.Load(state, readFile ?? File.ReadAllText);
        return ZooCfgValidation.Complete(state, readMyIdFile);
    }

    /// <summary>One <c>-Dname=value</c> word as a property with no file line.</summary>
    private static PropertyLine SystemProperty(string option)
    {
        var body = option.StartsWith("-D", StringComparison.Ordinal) ? option[2..] : option;
        int eq = body.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? new PropertyLine(body.Trim(), "", 0) : new PropertyLine(body[..eq].Trim(), body[(eq + 1)..].Trim(), 0);
    }
}
