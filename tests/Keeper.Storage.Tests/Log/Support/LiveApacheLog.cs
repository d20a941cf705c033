using Keeper.Protocol;
using Keeper.Storage.Log;
using Xunit.Abstractions;

namespace Keeper.Storage.Tests.TxnLog;

/// <summary>Runs the fixture's workload against a fresh Apache ZooKeeper and hands over the log it wrote.</summary>
internal static class LiveApacheLog
{
    public static async Task RunAsync(ITestOutputHelper output, Action<IReadOnlyList<TxnLogEntry>> check)
    {
        using var dir = new TempDir();
        var classes = dir.Combine("classes");
        Directory.CreateDirectory(classes);
        await ApacheZooKeeper.CompileAsync(Fixtures.TxnLog("ApacheLogWorkload.java"), classes);

        await using var server = await ApacheZooKeeper.StartAsync(dir.Combine("data"),
            "zookeeper.extendedTypesEnabled=true", "znode.container.checkIntervalMs=500");
        var run = await ApacheZooKeeper.RunJavaAsync(ApacheZooKeeper.ClassPath(classes), "ApacheLogWorkload", [server.ConnectString]);
        output.WriteLine(run.StdOut + run.StdErr);
        Assert.True(run.ExitCode == 0, $"workload failed: {run.StdErr}");

        // Wait for the reaper's deleteContainers and the expired session's closeSession (the last txn).
        List<TxnLogEntry> entries = [];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (DateTime.UtcNow < deadline)
        {
            entries = TxnLogReader.OpenFiles([Path.Combine(server.LogDir, "log.1")]).Entries().ToList();
            if (entries.Count(e => e.Header.Type == OpCode.CloseSession) >= 2 && entries.Count(e => e.Header.Type == OpCode.DeleteContainer) >= 2) break;
            await Task.Delay(500);
        }
        output.WriteLine(string.Join('\n', entries.Select(e => $"0x{e.Header.Zxid:x} {e.Header.Type}")));
        Assert.Equal(2, entries.Count(e => e.Header.Type == OpCode.CloseSession));
        check(entries);
    }
}
