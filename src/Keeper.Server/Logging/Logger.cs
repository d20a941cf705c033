using System.Runtime.CompilerServices;

namespace Keeper.Server.Logging;

/// <summary>
/// A named logger: the name is log4j's <c>%C{1}</c> (the class), the caller's line number fills <c>%L</c>.
/// Check <see cref="IsDebugEnabled"/> before building an expensive debug message.
/// </summary>
public sealed class Logger
{
    private readonly LogSink sink;

    /// <summary>A logger writing to the process-wide output configured by <see cref="Log.Configure"/>.</summary>
    public Logger(string className)
        : this(className, Log.DefaultSink)
    {
    }

    internal Logger(string className, LogSink sink)
    {
        ClassName = className;
        this.sink = sink;
    }

    public string ClassName { get; }

    public bool IsTraceEnabled => sink.IsEnabled(LogLevel.Trace);

    public bool IsDebugEnabled => sink.IsEnabled(LogLevel.Debug);

    public bool IsEnabled(LogLevel level) => sink.IsEnabled(level);

    public void Trace(string message, [CallerLineNumber] int line = 0) => Write(LogLevel.Trace, message, null, line);

    public void Debug(string message, [CallerLineNumber] int line = 0) => Write(LogLevel.Debug, message, null, line);

    public void Info(string message, [CallerLineNumber] int line = 0) => Write(LogLevel.Info, message, null, line);

    public void Warn(string message, [CallerLineNumber] int line = 0) => Write(LogLevel.Warn, message, null, line);

    public void Warn(string message, Exception exception, [CallerLineNumber] int line = 0) =>
        Write(LogLevel.Warn, message, exception, line);

    public void Error(string message, [CallerLineNumber] int line = 0) => Write(LogLevel.Error, message, null, line);

    public void Error(string message, Exception exception, [CallerLineNumber] int line = 0) =>
        Write(LogLevel.Error, message, exception, line);

    public void Write(LogLevel level, string message, Exception? exception, int line)
    {
        if (!sink.IsEnabled(level))
        {
            return;
        }

        sink.Enqueue(new LogEntry(DateTime.Now, level, sink.MyId, Log.CurrentThreadName(), ClassName, line, message, exception));
    }
}
