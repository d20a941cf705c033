using System.Text.RegularExpressions;
using Keeper.Server.Logging;

namespace Keeper.Server.Tests.Logging;

public class LoggerTests
{
    private static (Logger Logger, LogSink Sink, StringWriter Output) NewLogger(LogLevel level = LogLevel.Info, string myId = "")
    {
        var output = new StringWriter();
        var sink = new LogSink(output, level, myId);
        return (new Logger("LoggerTests", sink), sink, output);
    }

    private static string Written(LogSink sink, StringWriter output)
    {
        sink.Flush(TimeSpan.FromSeconds(10));
        return output.ToString();
    }

    [Fact]
    public void A_logged_line_names_the_class_and_the_calling_line()
    {
        var (logger, sink, output) = NewLogger();

        logger.Info("hello"); var line = new System.Diagnostics.StackFrame(0, true).GetFileLineNumber();

        Assert.Contains($":LoggerTests@{line}] - hello\n", Written(sink, output), StringComparison.Ordinal);
    }

    [Fact]
    public void A_logged_line_has_the_log4j_shape()
    {
        var (logger, sink, output) = NewLogger(myId: "2");

        logger.Warn("careful");

        Assert.Matches(
            new Regex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} \[myid:2\] - WARN  \[[^\]]+:LoggerTests@\d+\] - careful\n$"),
            Written(sink, output));
    }

    [Fact]
    public void Lines_below_the_level_are_dropped()
    {
        var (logger, sink, output) = NewLogger(LogLevel.Warn);

        logger.Info("quiet");
        logger.Debug("quieter");

        Assert.Equal("", Written(sink, output));
    }

    [Fact]
    public void Off_writes_nothing_even_for_errors()
    {
        var (logger, sink, output) = NewLogger(LogLevel.Off);

        logger.Error("ignored");

        Assert.Equal("", Written(sink, output));
    }

    [Fact]
    public void Lines_from_many_threads_all_arrive_whole()
    {
        var (logger, sink, output) = NewLogger();

        Parallel.For(0, 2000, i => logger.Info($"message {i}"));

        var lines = Written(sink, output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2000, lines.Count(l => Regex.IsMatch(l, @"\] - message \d+$")));
    }

    [Fact]
    public void A_context_name_replaces_the_thread_name()
    {
        var (logger, sink, output) = NewLogger();

        using (Log.BeginContext("NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181"))
        {
            logger.Info("in context");
        }

        Assert.Contains("[NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:LoggerTests@", Written(sink, output), StringComparison.Ordinal);
    }

    [Fact]
    public void A_context_ends_with_its_scope()
    {
        using (Log.BeginContext("outer-context"))
        {
        }

        Assert.NotEqual("outer-context", Log.CurrentThreadName());
    }

    [Fact]
    public void A_named_thread_prints_its_name()
    {
        var (logger, sink, output) = NewLogger();
        var thread = new Thread(() => logger.Info("from a thread")) { Name = "SyncThread:0" };

        thread.Start();
        thread.Join();

        Assert.Contains("[SyncThread:0:LoggerTests@", Written(sink, output), StringComparison.Ordinal);
    }

    [Fact]
    public void A_logger_for_a_generic_type_drops_the_arity()
    {
        Assert.Equal("List", Log.For<List<int>>().ClassName);
    }

    [Theory]
    [InlineData("INFO", LogLevel.Info)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData(" Warn ", LogLevel.Warn)]
    [InlineData("WARNING", LogLevel.Warn)]
    [InlineData("TRACE", LogLevel.Trace)]
    [InlineData("ERROR", LogLevel.Error)]
    [InlineData("OFF", LogLevel.Off)]
    public void Level_names_parse_in_any_case(string text, LogLevel expected)
    {
        Assert.True(LogLevels.TryParse(text, out var level));
        Assert.Equal(expected, level);
    }

    [Fact]
    public void An_unknown_level_name_does_not_parse()
    {
        Assert.False(LogLevels.TryParse("LOUD", out _));
    }
}
