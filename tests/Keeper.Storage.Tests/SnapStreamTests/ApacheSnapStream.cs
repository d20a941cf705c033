using System.Runtime.CompilerServices;
using Keeper.Storage.Tests.SnapshotSupport;
using Keeper.Storage.Tests.TxnLog;

namespace Keeper.Storage.Tests.SnapStreamTests;

/// <summary>
/// Runs SnapStreamApache.java (next to this file), compiled once per test run with javac against Debian's
/// Apache ZooKeeper 3.8 jars: Apache's own SNAP stream writer and reader. Needs only the JDK and the
/// zookeeper package, no server, so it runs in CI.
/// </summary>
internal static class ApacheSnapStream
{
    private static readonly Lazy<Task<string>> Classes = new(CompileAsync);

    /// <summary>Apache writes its tree's SNAP stream to <paramref name="file"/>; returns its printout of the tree.</summary>
    public static Task<string> WriteAsync(string file) => RunAsync("write", file);

    /// <summary>Apache loads the SNAP stream in <paramref name="file"/> as a learner does; returns its printout.</summary>
    public static Task<string> ReadAsync(string file) => RunAsync("read", file);

    private static async Task<string> RunAsync(string mode, string file)
    {
        var classes = await Classes.Value;
        var (exit, stdout, stderr) = await ApacheTools.RunAsync(ApacheTools.Java!,
            ["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", ApacheTools.ClassPath("slf4j-nop.jar", classes),
             "SnapStreamApache", mode, file]);
        if (exit != 0) throw new InvalidOperationException($"SnapStreamApache {mode} exited with {exit}:\n{stdout}\n{stderr}");
        return stdout.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static async Task<string> CompileAsync()
    {
        ApacheTools.Require();
        // In the build output, not the temp dir: nothing to clean up, and each build starts afresh.
        var classes = Path.Combine(AppContext.BaseDirectory, "snapstream-java");
        Directory.CreateDirectory(classes);
        await ApacheZooKeeper.CompileAsync(Source(), classes);
        return classes;
    }

    private static string Source([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "SnapStreamApache.java");
}
