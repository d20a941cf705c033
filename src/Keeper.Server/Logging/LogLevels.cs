namespace Keeper.Server.Logging;

/// <summary>Level names as log4j prints and reads them (<c>--log_level=INFO</c>, <c>log4j.rootLogger=WARN, CONSOLE</c>).</summary>
public static class LogLevels
{
    /// <summary>The upper-case name log4j prints for <c>%p</c>.</summary>
    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warn => "WARN",
        LogLevel.Error => "ERROR",
        LogLevel.Fatal => "FATAL",
        _ => "OFF",
    };

    /// <summary>Reads a level name in any case; <c>WARNING</c> and <c>ALL</c> are accepted as log4j/JUL users write them.</summary>
    public static bool TryParse(string? text, out LogLevel level)
    {
        level = (text ?? "").Trim().ToUpperInvariant() switch
        {
            "TRACE" or "ALL" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" => LogLevel.Info,
            "WARN" or "WARNING" => LogLevel.Warn,
            "ERROR" => LogLevel.Error,
            "FATAL" => LogLevel.Fatal,
            "OFF" => LogLevel.Off,
            _ => (LogLevel)(-1),
        };
        return level >= LogLevel.Trace;
    }
}
