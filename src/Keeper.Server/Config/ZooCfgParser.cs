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
    public static ServerConfig Parse(string path)
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

        return ParseText(text, path) with { SourcePath = path };
    }

    /// <summary>Parses zoo.cfg text; <paramref name="fileName"/> is used in messages. In a quorum it reads <c>dataDir/myid</c>.</summary>
    public static ServerConfig ParseText(string text, string fileName) =>
        ParseText(text, fileName, MyIdFile.ReadText, message => Logger.Warn(message));

    /// <summary>The testable core: where myid comes from and where warnings go are supplied.</summary>
    internal static ServerConfig ParseText(
        string text, string fileName, Func<string, string?> readMyIdFile, Action<string> warn,
        Func<string, string>? readFile = null)
    {
        var state = new ParseState(fileName, warn);
        var firstSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in PropertiesReader.Read(text, fileName))
        {
            // java.util.Properties keeps the last value of a repeated key; say so, since it is usually a mistake.
            if (!firstSeen.TryAdd(property.Key, property.Line))
            {
                warn($"{fileName}:{property.Line}: '{property.Key}' repeats line {firstSeen[property.Key]}; the last value wins");
            }

            ZooCfgKeys.Apply(state, new ConfigValue(property, fileName));
        }

        DynamicConfigFile.Load(state, readFile ?? File.ReadAllText);
        return ZooCfgValidation.Complete(state, readMyIdFile);
    }
}
