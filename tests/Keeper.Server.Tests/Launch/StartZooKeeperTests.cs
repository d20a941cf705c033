using Keeper.Server.Logging;
using Keeper.TestSupport;

namespace Keeper.Server.Tests.Launch;

/// <summary>
/// <c>keeper start-zookeeper</c>: the config generation of the tutorial's start script (run with the hidden
/// <c>--config_only</c> flag, so no server starts), flags, the ZK_* variables, -h and errors.
/// </summary>
public sealed class StartZooKeeperTests : IDisposable
{
    // TUTORIAL.md step 2, as the config tests know it; the file ends with a newline.
    private const string TutorialZooCfg = global::Keeper.Server.Tests.Config.ZooCfg.Tutorial + "\n";

    private readonly string _root = Directory.CreateTempSubdirectory("keeper-launch-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Var(string path) => _root + path;

    private static Dictionary<string, string> Host(string host = "zk-1", string domain = "zk-hs.default.svc.cluster.local") =>
        new() { ["KEEPER_HOSTNAME"] = host, ["KEEPER_DOMAIN"] = domain };

    internal static Task<ProcessResult> Keeper(IEnumerable<string> args, IDictionary<string, string>? env = null, TimeSpan? timeout = null) =>
        Tools.RunAsync("dotnet", new[] { KeeperServer.LocateDll() }.Concat(args), timeout: timeout ?? TimeSpan.FromSeconds(60), environment: env);

    private string[] TutorialArgs() =>
    [
        "start-zookeeper", "--config_only",
        "--servers=3", $"--data_dir={Var("/var/lib/zookeeper/data")}", $"--data_log_dir={Var("/var/lib/zookeeper/data/log")}",
        $"--conf_dir={Var("/opt/zookeeper/conf")}", $"--log_dir={Var("/var/log/zookeeper")}", "--client_port=2181",
        "--election_port=3888", "--server_port=2888", "--tick_time=2000", "--init_limit=10", "--sync_limit=5",
        "--heap=512M", "--max_client_cnxns=60", "--snap_retain_count=3", "--purge_interval=12",
        "--max_session_timeout=40000", "--min_session_timeout=4000", "--log_level=INFO",
    ];

    private string ExpectedTutorialZooCfg => TutorialZooCfg.Replace("/var/lib/zookeeper", Var("/var/lib/zookeeper"), StringComparison.Ordinal);

    [Fact]
    public async Task TutorialCommandLineWritesTheTutorialsZooCfgAndMyId()
    {
        var r = await Keeper(TutorialArgs(), Host());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(ExpectedTutorialZooCfg, File.ReadAllText(Var("/opt/zookeeper/conf/zoo.cfg")));
        Assert.Equal("2\n", File.ReadAllText(Var("/var/lib/zookeeper/data/myid")));
        Assert.Equal(Log4jProperties.Render(LogLevel.Info), File.ReadAllText(Var("/opt/zookeeper/conf/log4j.properties")));
        Assert.True(Directory.Exists(Var("/var/lib/zookeeper/data/log")));
        Assert.True(Directory.Exists(Var("/var/log/zookeeper")));
        Assert.Contains("server.3=zk-2.zk-hs.default.svc.cluster.local:2888:3888", r.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zk-0", "1\n")]
    [InlineData("zk-2", "3\n")]
    public async Task MyIdIsOrdinalPlusOne(string host, string myid)
    {
        var r = await Keeper(TutorialArgs(), Host(host));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(myid, File.ReadAllText(Var("/var/lib/zookeeper/data/myid")));
        Assert.Equal(ExpectedTutorialZooCfg, File.ReadAllText(Var("/opt/zookeeper/conf/zoo.cfg")));
    }

    [Fact]
    public async Task ZkEnvironmentVariablesGiveTheSameZooCfg()
    {
        var env = Host();
        env["ZK_ENSEMBLE"] = "zk-0;zk-1;zk-2";
        env["ZK_HEAP_SIZE"] = "512M";
        env["ZK_TICK_TIME"] = "2000";
        env["ZK_INIT_LIMIT"] = "10";
        env["ZK_SYNC_LIMIT"] = "5";
        env["ZK_MAX_CLIENT_CNXNS"] = "60";
        env["ZK_SNAP_RETAIN_COUNT"] = "3";
        env["ZK_PURGE_INTERVAL"] = "12";
        env["ZK_CLIENT_PORT"] = "2181";
        env["ZK_SERVER_PORT"] = "2888";
        env["ZK_ELECTION_PORT"] = "3888";
        env["ZK_MIN_SESSION_TIMEOUT"] = "4000";
        env["ZK_MAX_SESSION_TIMEOUT"] = "40000";
        env["ZK_LOG_LEVEL"] = "INFO";
        env["ZK_USER"] = "zookeeper";
        env["ZK_DATA_DIR"] = Var("/var/lib/zookeeper/data");
        env["ZK_DATA_LOG_DIR"] = Var("/var/lib/zookeeper/data/log");
        env["ZK_LOG_DIR"] = Var("/var/log/zookeeper");
        env["ZK_CONF_DIR"] = Var("/opt/zookeeper/conf");
        var r = await Keeper(["start-zookeeper", "--config_only"], env);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(ExpectedTutorialZooCfg, File.ReadAllText(Var("/opt/zookeeper/conf/zoo.cfg")));
        Assert.Equal("2\n", File.ReadAllText(Var("/var/lib/zookeeper/data/myid")));
    }

    [Fact]
    public async Task FlagsOverrideZkEnvironmentVariables()
    {
        var env = Host();
        env["ZK_TICK_TIME"] = "3000";
        env["ZK_CLIENT_PORT"] = "2182";
        var r = await Keeper(["start-zookeeper", "--config_only", "--client_port=2183", .. Dirs()], env);
        Assert.True(r.ExitCode == 0, r.ToString());
        var cfg = File.ReadAllText(Var("/conf/zoo.cfg"));
        Assert.Contains("clientPort=2183\n", cfg, StringComparison.Ordinal);
        Assert.Contains("tickTime=3000\nin", cfg, StringComparison.Ordinal);
        Assert.Contains("minSessionTimeout=6000\nmaxSessionTimeout=60000\n", cfg, StringComparison.Ordinal);
    }

    private string[] Dirs() =>
        [$"--data_dir={Var("/data")}", $"--data_log_dir={Var("/datalog")}", $"--conf_dir={Var("/conf")}", $"--log_dir={Var("/log")}"];

    [Fact]
    public async Task DefaultsAreTheScripts()
    {
        var r = await Keeper(["start-zookeeper", "--config_only", .. Dirs()], Host("somehost", ""));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            "#This file was autogenerated DO NOT EDIT\n" +
            "clientPort=2181\n" +
            $"dataDir={Var("/data")}\n" +
            $"dataLogDir={Var("/datalog")}\n" +
            "tickTime=2000\ninitLimit=10\nsyncLimit=5\nmaxClientCnxns=60\n" +
            "minSessionTimeout=4000\nmaxSessionTimeout=40000\n" +
            "autopurge.snapRetainCount=3\nautopurge.purgeInterval=0\n",
            File.ReadAllText(Var("/conf/zoo.cfg")));
        Assert.False(File.Exists(Var("/data/myid")), "a standalone server has no myid");
        Assert.Equal(Log4jProperties.Render(LogLevel.Info), File.ReadAllText(Var("/conf/log4j.properties")));
    }

    [Fact]
    public async Task TickTimeScalesTheSessionTimeoutDefaultsAndLogLevelIsWritten()
    {
        var r = await Keeper(["start-zookeeper", "--config_only", "--tick_time=1000", "--log_level=debug", .. Dirs()], Host());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("minSessionTimeout=2000\nmaxSessionTimeout=20000\n", File.ReadAllText(Var("/conf/zoo.cfg")), StringComparison.Ordinal);
        Assert.Equal(Log4jProperties.Render(LogLevel.Debug), File.ReadAllText(Var("/conf/log4j.properties")));
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public async Task HelpPrintsUsage(string flag)
    {
        var r = await Keeper(["start-zookeeper", flag]);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("Usage: start-zookeeper [OPTIONS]", r.StdOut, StringComparison.Ordinal);
        foreach (var option in new[] { "--servers", "--data_dir", "--data_log_dir", "--conf_dir", "--client_port", "--election_port",
                     "--server_port", "--tick_time", "--init_limit", "--sync_limit", "--heap", "--max_client_cnxns",
                     "--snap_retain_count", "--purge_interval", "--max_session_timeout", "--min_session_timeout", "--log_level", "--log_dir" })
        {
            Assert.Contains(option, r.StdOut, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownOptionFails()
    {
        var r = await Keeper(["start-zookeeper", "--foo", .. Dirs()], Host());
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("Unknown option --foo", r.StdErr.Trim());
        Assert.False(File.Exists(Var("/conf/zoo.cfg")));
    }

    [Theory]
    [InlineData("--servers=0", "--servers")]
    [InlineData("--servers=three", "--servers")]
    [InlineData("--client_port=70000", "--client_port")]
    [InlineData("--tick_time=abc", "--tick_time")]
    [InlineData("--heap=12Q", "--heap")]
    [InlineData("--log_level=LOUD", "--log_level")]
    [InlineData("--purge_interval=-1", "--purge_interval")]
    public async Task BadValuesFailClearly(string arg, string flag)
    {
        var r = await Keeper(["start-zookeeper", "--config_only", arg, .. Dirs()], Host());
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"Invalid value for {flag}: ", r.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Var("/conf/zoo.cfg")));
    }

    [Fact]
    public async Task BadZkVariableNamesTheVariable()
    {
        var env = Host();
        env["ZK_TICK_TIME"] = "soon";
        var r = await Keeper(["start-zookeeper", "--config_only", .. Dirs()], env);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("Invalid value for ZK_TICK_TIME: 'soon'", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsembleNeedsANameOrdinalHostName()
    {
        var r = await Keeper(["start-zookeeper", "--config_only", "--servers=3", .. Dirs()], Host("myhost"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Failed to parse name and ordinal", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MinAboveMaxSessionTimeoutFails()
    {
        var r = await Keeper(["start-zookeeper", "--config_only", "--min_session_timeout=50000", "--max_session_timeout=40000", .. Dirs()], Host());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("min_session_timeout", r.StdErr, StringComparison.Ordinal);
    }
}
