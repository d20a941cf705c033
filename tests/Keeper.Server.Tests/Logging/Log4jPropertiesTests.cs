using Keeper.Server.Logging;

namespace Keeper.Server.Tests.Logging;

public class Log4jPropertiesTests
{
    /// <summary>The file as the tutorial shows it with <c>cat /usr/etc/zookeeper/log4j.properties</c>.</summary>
    private const string TutorialFile = """
        zookeeper.root.logger=CONSOLE
        zookeeper.console.threshold=INFO
        log4j.rootLogger=${zookeeper.root.logger}
        log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
        log4j.appender.CONSOLE.Threshold=${zookeeper.console.threshold}
        log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
        log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n
        """ + "\n";

    [Fact]
    public void The_rendered_file_is_the_tutorials()
    {
        Assert.Equal(TutorialFile, Log4jProperties.Render(LogLevel.Info));
    }

    [Fact]
    public void The_tutorials_file_reads_as_info()
    {
        Assert.Equal(LogLevel.Info, Log4jProperties.ReadLevel(TutorialFile));
    }

    [Fact]
    public void A_level_in_the_root_logger_is_read()
    {
        Assert.Equal(LogLevel.Warn, Log4jProperties.ReadLevel("log4j.rootLogger=WARN, CONSOLE\n"));
    }

    [Fact]
    public void The_higher_of_root_level_and_threshold_wins()
    {
        Assert.Equal(LogLevel.Error, Log4jProperties.ReadLevel("log4j.rootLogger=DEBUG, C\nlog4j.appender.C.Threshold=ERROR\n"));
    }

    [Fact]
    public void A_root_logger_without_a_level_defaults_to_debug()
    {
        Assert.Equal(LogLevel.Debug, Log4jProperties.ReadLevel("log4j.rootLogger=CONSOLE\n"));
    }

    [Fact]
    public void A_file_without_a_root_logger_has_no_level()
    {
        Assert.Null(Log4jProperties.ReadLevel("# empty\n"));
    }

    [Fact]
    public void A_missing_file_has_no_level()
    {
        Assert.Null(Log4jProperties.ReadLevelFromFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
    }
}
