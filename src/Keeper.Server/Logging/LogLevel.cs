namespace Keeper.Server.Logging;

/// <summary>log4j's levels, lowest first; a logger writes its level and everything above.</summary>
public enum LogLevel
{
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
    Fatal = 5,

    /// <summary>Writes nothing.</summary>
    Off = 6,
}
