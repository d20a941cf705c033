using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Infrastructure;

/// <summary>
/// java/JavaClientScenario.java: compiled with javac once per test run against Debian's
/// zookeeper.jar, then run against a server with the real Java client.
/// </summary>
internal static class JavaScenario
{
    private static readonly Lazy<Task<string>> Compiled = new(CompileAsync);

    public const string BasePath = "/interop-java";

    public static string SourceFile => Path.Combine(RepoPaths.Root, "tests", "Keeper.Interop.Tests", "java", "JavaClientScenario.java");

    public static async Task<ScenarioRun> RunAsync(ITestServer server)
    {
        var classes = await Compiled.Value;
        var result = await Tools.RunAsync(
            Tools.Java,
            ["-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classes + ":" + Tools.ClientClassPath, "JavaClientScenario", server.ConnectString, BasePath],
            timeout: TimeSpan.FromSeconds(120));
        var completed = result is { ExitCode: 0, TimedOut: false };
        return new ScenarioRun(result.StdOut, result.ToString() + Describe(server), completed);
    }

    private static async Task<string> CompileAsync()
    {
        Tools.Require(Tools.Javac, "javac");
        Tools.Require(Tools.ZooKeeperJar, "Apache ZooKeeper's zookeeper.jar");
        var dir = Path.Combine(Path.GetTempPath(), $"keeper-interop-java-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        var result = await Tools.RunAsync(
            Tools.Javac,
            ["-d", dir, "-cp", Tools.ClientClassPath, SourceFile],
            timeout: TimeSpan.FromSeconds(120));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("javac failed on " + SourceFile + "\n" + result);
        }

        return dir;
    }

    internal static string Describe(ITestServer server) =>
        server is TestServer t ? "\n" + t.Diagnostics() : "";
}
