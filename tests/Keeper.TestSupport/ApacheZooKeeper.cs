namespace Keeper.TestSupport;

/// <summary>
/// A standalone Apache ZooKeeper (Debian's 3.8 jars) in a private temporary directory.
/// It is started with QuorumPeerMain on a zoo.cfg without server.N lines, which runs it
/// standalone, and logs through log4j 1.2 to <see cref="LogFile"/>.
/// </summary>
public sealed class ApacheZooKeeper : TestServer
{
    private ApacheZooKeeper(IDictionary<string, string>? extraConfig, string[]? jvmProperties)
        : base(ServerKinds.Apache, extraConfig, jvmProperties)
    {
    }

    /// <summary>zookeeper.log in the server's directory.</summary>
    public override string? LogFile => Path.Combine(RootDir, "zookeeper.log");

    /// <summary>
    /// Starts a server: zoo.cfg from <see cref="ZooCfg"/> plus <paramref name="extraConfig"/>
    /// (an empty value removes a default key), and <paramref name="jvmProperties"/> as
    /// <c>-Dname=value</c> (give them as <c>name=value</c>). Waits up to 30 s until it serves.
    /// </summary>
    public static async Task<ApacheZooKeeper> StartAsync(IDictionary<string, string>? extraConfig = null, string[]? jvmProperties = null)
    {
        Tools.Require(Tools.Java, "java");
        Tools.Require(Tools.ZooKeeperJar, "Apache ZooKeeper's zookeeper.jar");
        Tools.Require(Tools.ZooKeeperJuteJar, "Apache ZooKeeper's zookeeper-jute.jar");
        var server = new ApacheZooKeeper(extraConfig, jvmProperties);
        try
        {
            await server.LaunchAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    protected override void PrepareFiles()
    {
        File.WriteAllText(Path.Combine(ConfDir, "log4j.properties"), string.Join('\n',
            "log4j.rootLogger=INFO, FILE",
            "log4j.appender.FILE=org.apache.log4j.FileAppender",
            $"log4j.appender.FILE.File={LogFile}",
            "log4j.appender.FILE.Append=true",
            "log4j.appender.FILE.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.FILE.layout.ConversionPattern=%d{ISO8601} - %-5p [%t:%C{1}@%L] - %m%n",
            ""));
    }

    protected override (string File, IReadOnlyList<string> Args) Command()
    {
        var classPath = new List<string> { ConfDir, Tools.ZooKeeperJar, Tools.ZooKeeperJuteJar };
        // Logging, then what Apache's Jetty AdminServer needs (Debian ships these jars, not inside zookeeper.jar); the
        // test zoo.cfg turns the admin server off, so they only matter to tests that turn it on.
        foreach (var jar in new[]
                 {
                     "slf4j-log4j12.jar", "log4j-1.2.jar", "jetty9-server.jar", "jetty9-servlet.jar", "jetty9-http.jar",
                     "jetty9-io.jar", "jetty9-util.jar", "jetty9-security.jar", "jetty9-util-ajax.jar", "servlet-api.jar",
                     "jackson-core.jar", "jackson-databind.jar", "jackson-annotations.jar",
                 })
        {
            var path = Path.Combine(Tools.JavaLibDir, jar);
            if (File.Exists(path))
            {
                classPath.Add(path);
            }
        }

        // serverCnxnFactory=...NettyServerCnxnFactory (which TLS needs in Apache) loads these too.
        classPath.AddRange(Tools.NettyExtraJars);

        var args = new List<string>
        {
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            $"-Dzookeeper.log.dir={RootDir}",
            "-cp",
            string.Join(':', classPath),
        };
        args.AddRange(JvmProperties.Select(p => "-D" + p));
        args.Add("org.apache.zookeeper.server.quorum.QuorumPeerMain");
        args.Add(ConfigPath);
        return (Tools.Java, args);
    }
}
