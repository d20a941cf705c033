using System.Text;
using Keeper.Interop.Tests.Differential;
using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Quotas;

/// <summary>Both servers with <c>-Dzookeeper.enforceQuota=true</c>, as SERVER_JVMFLAGS would pass it.</summary>
public sealed class QuotaCliFixture : ServerFixture
{
    protected override string[]? JvmProperties => ["zookeeper.enforceQuota=true"];
}

/// <summary>
/// Quotas through the shells, on a fresh Apache ZooKeeper 3.8 and a fresh Keeper, both enforcing quotas. On each
/// server zkCli.sh runs <see cref="QuotaScripts.Interactive"/>, then keeper cli runs it (under another root),
/// then both run <see cref="QuotaScripts.OneShot"/> step by step. The zkCli.sh transcripts of the two servers
/// must be identical (the stats nodes' text and stat, QuotaExceeded, the nested-quota refusals), keeper cli must
/// print what zkCli.sh prints on each server, and both servers must log the same quota warnings and report the
/// same per-namespace quota metrics.
/// </summary>
public sealed class QuotaCliTests(QuotaCliFixture fixture) : IClassFixture<QuotaCliFixture>
{
    private sealed record Run(string ZkCli, string KeeperCli, string ZkCliOneShot, string KeeperCliOneShot,
        IReadOnlyList<string> Log, IReadOnlyList<string> Mntr, string Raw);

    private Task<Run> RunAsync(string kind) =>
        fixture.RunOnceAsync("quota-cli", kind, async server =>
        {
            var run = await ScenarioAsync(server);
            return new ScenarioRun(string.Join("\u0001", run.ZkCli, run.KeeperCli, run.ZkCliOneShot, run.KeeperCliOneShot,
                string.Join('\n', run.Log), string.Join('\n', run.Mntr)), run.Raw, true);
        }).ContinueWith(t =>
        {
            // Kept for reading: quotas/<kind>.txt under the test output directory.
            var dir = Path.Combine(AppContext.BaseDirectory, "quotas");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, kind + ".txt"), t.Result.Transcript.Replace("\u0001", "\n======\n", StringComparison.Ordinal));
            var p = t.Result.Transcript.Split('\u0001');
            return new Run(p[0], p[1], p[2], p[3], p[4].Split('\n'), p[5].Split('\n'), t.Result.Diagnostics);
        }, TaskScheduler.Default);

    private static async Task<Run> ScenarioAsync(ITestServer server)
    {
        var zk = await ZkCli.InteractiveAsync(server, QuotaScripts.WithRoot(QuotaScripts.Interactive, "/qz1"));
        var ours = await KeeperCliAsync(server, [], string.Join('\n', QuotaScripts.WithRoot(QuotaScripts.Interactive, "/qk1")) + "\n");
        var zkSteps = new List<(string, ProcessResult)>();
        var ourSteps = new List<(string, ProcessResult)>();
        foreach (var step in QuotaScripts.OneShot)
        {
            var title = string.Join(' ', step);
            zkSteps.Add((title, await ZkCli.OneShotAsync(server, QuotaScripts.WithRoot(step, "/qz2"))));
            ourSteps.Add((title, await KeeperCliAsync(server, QuotaScripts.WithRoot(step, "/qk2"))));
        }

        var mntr = (await FourLetterWords.SendAsync(server.Port, "mntr")).Split('\n')
            .Where(l => l.Contains("quota", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        return new Run(
            Transcript([("stdin", zk)], server.Port, "/qz1"),
            Transcript([("stdin", ours)], server.Port, "/qk1"),
            Transcript(zkSteps, server.Port, "/qz2"),
            Transcript(ourSteps, server.Port, "/qk2"),
            await QuotaLogLines.ReadAsync(server),
            mntr,
            ours + "\n" + string.Join('\n', ourSteps.Select(s => s.Item2.ToString())));
    }

    private static Task<ProcessResult> KeeperCliAsync(ITestServer server, IEnumerable<string> command, string? stdin = null) =>
        Tools.RunMergedAsync("dotnet", ["exec", KeeperServer.LocateDll(), "cli", "-server", server.ConnectString, .. command], stdin,
            TimeSpan.FromSeconds(60));

    private static string Transcript(IEnumerable<(string Title, ProcessResult Result)> steps, int port, string root)
    {
        var t = new StringBuilder();
        foreach (var (title, result) in steps) ZkCli.Append(t, title, result, port);
        return ZkCli.NormaliseTranscript(t.ToString().Replace(root, "/ROOT", StringComparison.Ordinal));
    }

    private static void AssertSame(string expected, string actual, string what)
    {
        if (expected == actual) return;
        var e = expected.TrimEnd('\n').Split('\n');
        var a = actual.TrimEnd('\n').Split('\n');
        Assert.Fail($"{what}:\n" + TranscriptDiff.Unified(e, a, "expected", "actual", maxLines: 120));
    }

    [Fact]
    public async Task ZkCli_quota_session_prints_the_same_on_Keeper_as_on_Apache()
    {
        var apache = await RunAsync(ServerKinds.Apache);
        var keeper = await RunAsync(ServerKinds.Keeper);
        Assert.Contains("Quota has exceeded : /ROOT/a/d", apache.ZkCli, StringComparison.Ordinal);
        Assert.Contains("/ROOT/c has a child /ROOT/c/d/e which has a quota", apache.ZkCli, StringComparison.Ordinal);
        AssertSame(apache.ZkCli, keeper.ZkCli, "zkCli.sh on Keeper differs from zkCli.sh on Apache ZooKeeper");
        AssertSame(apache.ZkCliOneShot, keeper.ZkCliOneShot, "one-shot zkCli.sh on Keeper differs from Apache ZooKeeper");
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Keeper_cli_quota_commands_print_what_zkCli_prints(string kind)
    {
        var run = await RunAsync(kind);
        AssertSame(run.ZkCli, run.KeeperCli, $"keeper cli differs from zkCli.sh on {kind} (raw keeper cli output follows the diff)\n{run.Raw}\n");
        AssertSame(run.ZkCliOneShot, run.KeeperCliOneShot, $"one-shot keeper cli differs from zkCli.sh on {kind}");
    }

    [Fact]
    public async Task Both_servers_log_the_same_quota_warnings()
    {
        var apache = await RunAsync(ServerKinds.Apache);
        var keeper = await RunAsync(ServerKinds.Keeper);
        Assert.Contains("WARN Message:Quota exceeded: /qz1/a [current count=4, hardCountLimit=3] Value:null", apache.Log);
        Assert.Contains("WARN Message:Quota exceeded: /qz1/c [current count=4, softCountLimit=3] Value:null", apache.Log);
        AssertSame(string.Join('\n', apache.Log), string.Join('\n', keeper.Log), "the quota lines of our log differ from Apache's");
    }

    [Fact]
    public async Task Both_servers_report_the_same_per_namespace_quota_metrics_in_mntr()
    {
        var apache = await RunAsync(ServerKinds.Apache);
        var keeper = await RunAsync(ServerKinds.Keeper);
        Assert.Contains("zk_qz2_quota_count_limit_per_namespace\t7", apache.Mntr);
        Assert.Contains("zk_qz1_quota_exceeded_error_per_namespace\t4", apache.Mntr);
        AssertSame(string.Join('\n', apache.Mntr), string.Join('\n', keeper.Mntr), "mntr's quota lines differ");
    }
}
