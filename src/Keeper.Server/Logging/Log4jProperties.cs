using System.Text.RegularExpressions;
using Keeper.Server.Config;

namespace Keeper.Server.Logging;

/// <summary>
/// The <c>log4j.properties</c> the tutorial's image keeps at <c>/usr/etc/zookeeper/log4j.properties</c>: we write the
/// same file (so <c>cat</c> shows what operators expect) and read the level back from it, which makes the file
/// the place to change the level, as it is for ZooKeeper.
/// </summary>
public static partial class Log4jProperties
{
    /// <summary>The file the tutorial's start script writes, with <paramref name="threshold"/> as the console level.</summary>
    public static string Render(LogLevel threshold) =>
        "zookeeper.root.logger=CONSOLE\n" +
        $"zookeeper.console.threshold={LogLevels.Name(threshold)}\n" +
        "log4j.rootLogger=${zookeeper.root.logger}\n" +
        "log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender\n" +
        "log4j.appender.CONSOLE.Threshold=${zookeeper.console.threshold}\n" +
        "log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout\n" +
        "log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n\n";

    /// <summary>
    /// The level log4j would let through to the console: the higher of the root logger's level (the first item of
    /// <c>log4j.rootLogger</c> when it is a level; log4j's default DEBUG otherwise) and the first appender's
    /// <c>Threshold</c>. <c>${name}</c> refers to another key of the file. Null when the file sets no root logger.
    /// </summary>
    public static LogLevel? ReadLevel(string text)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in PropertiesReader.Read(text, "log4j.properties"))
        {
            properties[property.Key] = property.Value;
        }

        if (!properties.TryGetValue("log4j.rootLogger", out var root))
        {
            return null;
        }

        var items = Substitute(root, properties).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var level = items.Length > 0 && LogLevels.TryParse(items[0], out var rootLevel) ? rootLevel : LogLevel.Debug;
        var appender = items.FirstOrDefault(item => !LogLevels.TryParse(item, out _));
        if (appender is not null
            && properties.TryGetValue($"log4j.appender.{appender}.Threshold", out var threshold)
            && LogLevels.TryParse(Substitute(threshold, properties), out var thresholdLevel)
            && thresholdLevel > level)
        {
            level = thresholdLevel;
        }

        return level;
    }

    /// <summary><see cref="ReadLevel(string)"/> for a file; null when the file is missing or unreadable.</summary>
    public static LogLevel? ReadLevelFromFile(string path)
    {
        try
        {
            return File.Exists(path) ? ReadLevel(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConfigException)
        {
            return null;
        }
    }

    private static string Substitute(string value, Dictionary<string, string> properties) =>
        Reference().Replace(value, m => properties.GetValueOrDefault(m.Groups[1].Value) ?? "");

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex Reference();
}
