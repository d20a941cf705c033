using System.Diagnostics;

namespace Keeper.TestSupport;

/// <summary>
/// The real ZooKeeper clients and the JDK installed on the test machine (Debian packages
/// zookeeper, zookeeper-bin, python3-kazoo, openjdk-17), and a bounded process runner.
/// Each location can be overridden with an environment variable of the same name in upper case
/// with a KEEPER_TOOL_ prefix, e.g. KEEPER_TOOL_ZKCLI.
/// </summary>
public static class Tools
{
    /// <summary>Where Debian puts the ZooKeeper jars and their dependencies.</summary>
    public static string JavaLibDir => Env("JAVALIBDIR") ?? "/usr/share/java";

    /// <summary>zkCli.sh (exits 1 when a command fails).</summary>
    public static string ZkCli => Env("ZKCLI") ?? "/usr/share/zookeeper/bin/zkCli.sh";

    /// <summary>The C client's shell, multi-threaded build.</summary>
    public static string CliMt => Env("CLIMT") ?? "/usr/lib/zookeeper/bin/cli_mt";

    /// <summary>The system python, which has kazoo (not a pyenv python found on PATH).</summary>
    public static string Python => Env("PYTHON") ?? "/usr/bin/python3";

    public static string Java => Env("JAVA") ?? OnPath("java") ?? "/usr/bin/java";

    public static string Javac => Env("JAVAC") ?? OnPath("javac") ?? "/usr/bin/javac";

    public static string Keytool => Env("KEYTOOL") ?? OnPath("keytool") ?? "/usr/bin/keytool";

    public static string OpenSsl => Env("OPENSSL") ?? OnPath("openssl") ?? "/usr/bin/openssl";

    /// <summary>
    /// What Apache's Netty client and server need beyond the jars zookeeper.jar's manifest names (Debian's manifest
    /// lists netty-handler, -buffer, -common and -transport, but the TLS handler also loads these).
    /// </summary>
    public static IEnumerable<string> NettyExtraJars =>
        new[] { "netty-codec.jar", "netty-resolver.jar", "netty-transport-native-unix-common.jar" }
            .Select(j => Path.Combine(JavaLibDir, j)).Where(File.Exists);

    public static string ZooKeeperJar => Path.Combine(JavaLibDir, "zookeeper.jar");

    public static string ZooKeeperJuteJar => Path.Combine(JavaLibDir, "zookeeper-jute.jar");

    /// <summary>
    /// The classpath of the Java client: zookeeper.jar names its other dependencies in its
    /// manifest; slf4j-nop silences the "no binding" warning when it is installed.
    /// </summary>
    public static string ClientClassPath
    {
        get
        {
            var parts = new List<string> { ZooKeeperJar, ZooKeeperJuteJar };
            var nop = Path.Combine(JavaLibDir, "slf4j-nop.jar");
            if (File.Exists(nop))
            {
                parts.Add(nop);
            }

            return string.Join(':', parts);
        }
    }

    /// <summary>Throws a clear <see cref="FileNotFoundException"/> if <paramref name="path"/> is missing.</summary>
    public static string Require(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{what} was not found at {path}. The interop tests need the Debian packages zookeeper, zookeeper-bin, "
                + "python3-kazoo and a JDK (java and javac 17).",
                path);
        }

        return path;
    }

    /// <summary>
    /// Runs <paramref name="file"/> to completion, feeding it <paramref name="stdin"/> (then
    /// end of input), and returns its exit code and output. If it runs longer than
    /// <paramref name="timeout"/> (default 60 s) it is killed with its descendants by PID and the
    /// result says <see cref="ProcessResult.TimedOut"/>, with exit code -1.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        string file,
        IEnumerable<string> args,
        string? stdin = null,
        TimeSpan? timeout = null,
        IDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        await using var child = ChildProcess.Start(file, args, environment, workingDirectory);
        try
        {
            if (stdin is not null)
            {
                await child.WriteLineAsync(stdin.EndsWith('\n') ? stdin[..^1] : stdin);
            }

            child.CloseInput();
        }
        catch (IOException)
        {
            // The process exited before reading its input; its output says why.
        }

        var exited = await child.WaitForExitAsync(limit);
        if (!exited)
        {
            await child.KillAsync();
        }

        return new ProcessResult(child.Command, exited ? child.ExitCode ?? -1 : -1, child.StdOut, child.StdErr, !exited, clock.Elapsed);
    }

    /// <summary>Like <see cref="RunAsync"/> with stdout and stderr merged into one stream by the shell (2&gt;&amp;1).</summary>
    public static Task<ProcessResult> RunMergedAsync(
        string file,
        IEnumerable<string> args,
        string? stdin = null,
        TimeSpan? timeout = null,
        IDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var all = new List<string> { "-c", "exec \"$0\" \"$@\" 2>&1", file };
        all.AddRange(args);
        return RunAsync("/bin/sh", all, stdin, timeout, environment, workingDirectory);
    }

    private static string? Env(string name)
    {
        var v = Environment.GetEnvironmentVariable("KEEPER_TOOL_" + name);
        return string.IsNullOrEmpty(v) ? null : v;
    }

    private static string? OnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
