using System.Globalization;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.ElectionPort;

/// <summary>
/// Apache ZooKeeper 3.8 (Debian's jars) as one member of a quorum, logging to stdout. Unlike
/// <see cref="ApacheZooKeeper"/> it does not wait until the server serves clients: a member whose peers are not
/// all real servers sits in leader election (or leads nobody), and the election is what the test is about.
/// Disposing kills it by PID and deletes its directory.
/// </summary>
internal sealed class ApacheElectionPeer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ApacheElectionPeer(ChildProcess process, string root)
    {
        _process = process;
        RootDir = root;
    }

    public string RootDir { get; }

    public int Pid => _process.Pid;

    public bool HasExited => _process.HasExited;

    public string Output => _process.Output;

    /// <summary>Starts server <paramref name="myId"/> on <paramref name="servers"/> (sid → "host:quorumPort:electionPort").</summary>
    public static ApacheElectionPeer Start(long myId, int clientPort, IReadOnlyDictionary<long, string> servers)
    {
        Tools.Require(Tools.Java, "java");
        Tools.Require(Tools.ZooKeeperJar, "Apache ZooKeeper's zookeeper.jar");
        Tools.Require(Tools.ZooKeeperJuteJar, "Apache ZooKeeper's zookeeper-jute.jar");
        var root = Path.Combine(Path.GetTempPath(), $"keeper-test-election-{Guid.NewGuid():N}"[..40]);
        var data = Path.Combine(root, "data");
        var conf = Path.Combine(root, "conf");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(conf);
        File.WriteAllText(Path.Combine(data, "myid"), myId.ToString(CultureInfo.InvariantCulture) + "\n");

        var cfg = new List<string>
        {
            "tickTime=2000",
            // Long enough that, once it leads nobody, it does not give up and re-elect during the test.
            "initLimit=30",
            "syncLimit=5",
            $"dataDir={data}",
            $"clientPort={clientPort}",
            "clientPortAddress=127.0.0.1",
            "admin.enableServer=false",
            "4lw.commands.whitelist=*",
        };
        cfg.AddRange(servers.Select(s => $"server.{s.Key}={s.Value}"));
        var cfgPath = Path.Combine(conf, "zoo.cfg");
        File.WriteAllText(cfgPath, string.Join('\n', cfg) + "\n");
        File.WriteAllText(Path.Combine(conf, "log4j.properties"), string.Join('\n',
            "log4j.rootLogger=INFO, CONSOLE",
            "log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender",
            "log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} - %-5p [%t:%C{1}@%L] - %m%n",
            ""));

        var classPath = new List<string> { conf, Tools.ZooKeeperJar, Tools.ZooKeeperJuteJar };
        foreach (var jar in new[] { "slf4j-log4j12.jar", "log4j-1.2.jar" })
        {
            var path = Path.Combine(Tools.JavaLibDir, jar);
            if (File.Exists(path)) classPath.Add(path);
        }
        var args = new List<string>
        {
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            $"-Dzookeeper.log.dir={root}",
            "-cp", string.Join(':', classPath),
            "org.apache.zookeeper.server.quorum.QuorumPeerMain", cfgPath,
        };
        return new ApacheElectionPeer(ChildProcess.Start(Tools.Java, args, null, root, Path.Combine(root, "process.out")), root);
    }

    public Task<bool> WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout) =>
        _process.WaitForOutputAsync(condition, timeout);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync(); // kills by PID
        if (Environment.GetEnvironmentVariable("KEEPER_TEST_KEEP_DIRS") != "1")
        {
            try
            {
                Directory.Delete(RootDir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
