using System.Text;

namespace Keeper.Server.Logging;

/// <summary>
/// The process-wide logging setup: level (from <c>--log_level</c>), myid (empty until a quorum server knows it,
/// as in ZooKeeper's MDC), and stdout as the output. Lines are written by a background task; call
/// <see cref="Flush"/> before exiting (it also runs on process exit).
/// </summary>
public static class Log
{
    private static readonly AsyncLocal<string?> Context = new();
    private static readonly Lazy<LogSink> Sink = new(CreateStdoutSink);

    internal static LogSink DefaultSink => Sink.Value;

    public static LogLevel Level => DefaultSink.Level;

    /// <summary>Sets the level and, for a quorum server, the id shown in <c>[myid:N]</c> (null keeps <c>[myid:]</c>).</summary>
    public static void Configure(LogLevel level, long? myId = null)
    {
        DefaultSink.Level = level;
        DefaultSink.MyId = myId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public static Logger For<T>() => For(typeof(T));

    /// <summary>A logger named after the type, as log4j's <c>%C{1}</c> prints it (no namespace, no generic arity).</summary>
    public static Logger For(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return new Logger(tick < 0 ? name : name[..tick]);
    }

    /// <summary>
    /// Names the current async flow for <c>%t</c>, e.g. <c>NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181</c>. Async code
    /// hops between pool threads, so the name travels with the flow (AsyncLocal) rather than with a thread.
    /// </summary>
    public static IDisposable BeginContext(string name)
    {
        var previous = Context.Value;
        Context.Value = name;
        return new ContextScope(previous);
    }

    /// <summary>Blocks until every line logged so far is written (at most five seconds).</summary>
    public static void Flush() => DefaultSink.Flush(TimeSpan.FromSeconds(5));

    internal static string CurrentThreadName()
    {
        if (Context.Value is { } context)
        {
            return context;
        }

        var thread = Thread.CurrentThread;
        return thread.Name ?? (thread.ManagedThreadId == 1 ? "main" : $"Thread-{thread.ManagedThreadId}");
    }

    private static LogSink CreateStdoutSink()
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
        var sink = new LogSink(stdout);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => sink.Flush(TimeSpan.FromSeconds(5));
        return sink;
    }

    private sealed class ContextScope(string? previous) : IDisposable
    {
        public void Dispose() => Context.Value = previous;
    }
}
