using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Keeper.TestSupport;

/// <summary>
/// One server of a test ensemble, run as a child process the way users run it (<c>keeper server zoo.cfg</c>),
/// on its own loopback address 127.0.0.(1+id) so tests can cut it off with iptables by address. Its data
/// dir (with myid) survives restarts; <see cref="KillAsync"/> is SIGKILL, <see cref="StopAsync"/> SIGTERM.
/// </summary>
public sealed class EnsembleMember : IAsyncDisposable
{
    private ChildProcess? _process;

    internal EnsembleMember(long id, string kind, string rootDir, int clientPort, int quorumPort, int electionPort)
    {
        Id = id;
        Kind = kind;
        Address = IPAddress.Parse($"127.0.0.{1 + id}");
        ClientPort = clientPort;
        QuorumPort = quorumPort;
        ElectionPort = electionPort;
        RootDir = rootDir;
        DataDir = Path.Combine(rootDir, "data");
        ConfigPath = Path.Combine(rootDir, "zoo.cfg");
        OutputFile = Path.Combine(rootDir, "process.out");
        Directory.CreateDirectory(DataDir);
        File.WriteAllText(Path.Combine(DataDir, "myid"), id.ToString(CultureInfo.InvariantCulture));
    }

    public long Id { get; }

    /// <summary><see cref="ServerKinds.Keeper"/> or <see cref="ServerKinds.Apache"/> (Debian's ZooKeeper 3.8, for mixed ensembles).</summary>
    public string Kind { get; }
    public IPAddress Address { get; }
    public int ClientPort { get; }
    public int QuorumPort { get; }
    public int ElectionPort { get; }
    public string RootDir { get; }
    public string DataDir { get; }
    public string ConfigPath { get; }
    public string OutputFile { get; }
    public string ConnectString => $"{Address}:{ClientPort}";
    public bool IsRunning => _process is { HasExited: false };
    public int? Pid => _process is { HasExited: false } p ? p.Pid : null;
    public string Output => _process?.Output ?? "";

    /// <summary>An observer: it learns every commit but never votes (<c>:observer</c> and <c>peerType=observer</c>).</summary>
    public bool IsObserver { get; init; }

    /// <summary>
    /// Java system properties (<c>-Dname=value</c>) the member starts with: on Apache's JVM command line, and for ours in
    /// <c>SERVER_JVMFLAGS</c>, as zkServer.sh passes them; a test may give one member its own before it starts.
    /// </summary>
    public IReadOnlyList<string> JvmFlags { get; set; } = [];

    /// <summary>The <c>server.N</c> line every member's zoo.cfg carries for this member.</summary>
    public string ServerLine => $"server.{Id}={Address}:{QuorumPort}:{ElectionPort}{(IsObserver ? ":observer" : "")}";

    public void Start()
    {
        if (IsRunning) throw new InvalidOperationException($"server {Id} is already running");
        var (file, args) = Kind == ServerKinds.Apache ? ApacheCommand() : ("dotnet", new List<string> { KeeperServer.LocateDll(), "server", ConfigPath });
        File.AppendAllText(OutputFile, $"=== start: {file} {string.Join(' ', args)}\n");
        var environment = new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        if (Kind != ServerKinds.Apache && JvmFlags.Count > 0) environment["SERVER_JVMFLAGS"] = string.Join(' ', JvmFlags);
        _process = ChildProcess.Start(file, args, environment, RootDir, OutputFile);
    }

    /// <summary>QuorumPeerMain on Debian's jars, logging to stdout in ZooKeeper's pattern (log4j.properties in the root dir).</summary>
    private (string File, List<string> Args) ApacheCommand()
    {
        Tools.Require(Tools.Java, "java");
        Tools.Require(Tools.ZooKeeperJar, "Apache ZooKeeper's zookeeper.jar");
        File.WriteAllText(Path.Combine(RootDir, "log4j.properties"), string.Join('\n',
            "log4j.rootLogger=INFO, CONSOLE",
            "log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender",
            "log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n",
            ""));
        var classPath = new List<string> { RootDir, Tools.ZooKeeperJar, Tools.ZooKeeperJuteJar };
        foreach (var jar in new[] { "slf4j-log4j12.jar", "log4j-1.2.jar" })
        {
            var path = Path.Combine(Tools.JavaLibDir, jar);
            if (File.Exists(path)) classPath.Add(path);
        }
        // sslQuorum / portUnification: UnifiedServerSocket tells TLS from plaintext with Netty's SslHandler.
        classPath.AddRange(Tools.NettyExtraJars);
        return (Tools.Java, ["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", .. JvmFlags, "-cp", string.Join(':', classPath),
            "org.apache.zookeeper.server.quorum.QuorumPeerMain", ConfigPath]);
    }

    /// <summary>SIGKILL: no goodbye, no flush.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        await _process.KillAsync();
        _process = null;
    }

    /// <summary>SIGTERM, then SIGKILL if it has not gone within the bound.</summary>
    public async Task StopAsync(TimeSpan? within = null)
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Pid.ToString(CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            if (!await _process.WaitForExitAsync(within ?? TimeSpan.FromSeconds(15))) await _process.KillAsync();
        }
        _process = null;
    }

    /// <summary>srvr's answer, or null when nothing answers.</summary>
    public async Task<string?> SrvrAsync()
    {
        try { return await FourLetterWords.SendAsync(Address, ClientPort, "srvr", TimeSpan.FromSeconds(3)); }
        catch (Exception e) when (e is SocketException or TimeoutException or IOException) { return null; }
    }

    /// <summary>"leader", "follower", "observer", or null when it is not serving.</summary>
    public async Task<string?> ModeAsync()
    {
        var srvr = await SrvrAsync();
        if (srvr is null) return null;
        foreach (var line in srvr.Split('\n'))
            if (line.StartsWith("Mode: ", StringComparison.Ordinal)) return line["Mode: ".Length..].Trim();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        _process = null;
    }
}
