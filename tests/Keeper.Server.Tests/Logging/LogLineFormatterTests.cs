using Keeper.Server.Logging;

namespace Keeper.Server.Tests.Logging;

public class LogLineFormatterTests
{
    // %d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n
    private const string Log4jPattern =
        @"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} \[myid:\d*\] - (TRACE|DEBUG|INFO |WARN |ERROR|FATAL) \[[^\]]+:[A-Za-z0-9_$]+@\d+\] - .*\n$";

    private static LogEntry Entry(LogLevel level = LogLevel.Info, string myId = "1", Exception? exception = null) =>
        new(new DateTime(2016, 12, 6, 19, 34, 16, 236), level, myId, "NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181",
            "NIOServerCnxn", 827, "Processing ruok command from /127.0.0.1:52740", exception);

    [Fact]
    public void A_line_matches_the_tutorials_example_exactly()
    {
        Assert.Equal(
            "2016-12-06 19:34:16,236 [myid:1] - INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn@827] - Processing ruok command from /127.0.0.1:52740\n",
            LogLineFormatter.Format(Entry()));
    }

    [Fact]
    public void A_line_matches_the_log4j_pattern()
    {
        Assert.Matches(Log4jPattern, LogLineFormatter.Format(Entry()));
    }

    [Fact]
    public void A_standalone_server_prints_an_empty_myid()
    {
        Assert.Contains(" [myid:] - ", LogLineFormatter.Format(Entry(myId: "")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LogLevel.Trace, "TRACE")]
    [InlineData(LogLevel.Debug, "DEBUG")]
    [InlineData(LogLevel.Info, "INFO ")]
    [InlineData(LogLevel.Warn, "WARN ")]
    [InlineData(LogLevel.Error, "ERROR")]
    public void The_level_is_padded_to_five_characters(LogLevel level, string printed)
    {
        Assert.Contains($" - {printed} [", LogLineFormatter.Format(Entry(level)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_follows_the_line()
    {
        var text = LogLineFormatter.Format(Entry(LogLevel.Error, exception: new InvalidOperationException("boom")));

        Assert.StartsWith("System.InvalidOperationException: boom", text.Split('\n')[1]);
    }
}
