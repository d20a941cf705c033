namespace Keeper.Server.Logging;

/// <summary>
/// One log event, captured on the caller's thread (time, thread name, myid are taken at the call, not when the
/// background writer gets to it) and formatted later.
/// </summary>
internal sealed record LogEntry(
    DateTime Timestamp,
    LogLevel Level,
    string MyId,
    string ThreadName,
    string ClassName,
    int Line,
    string Message,
    Exception? Exception);
