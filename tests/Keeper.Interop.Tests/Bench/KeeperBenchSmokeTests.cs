using System.Text.Json;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Bench;

/// <summary>
/// `keeper bench` briefly against our own server, as bench/compare.sh runs it (a child process, JSON report):
/// every op of the mix was answered, the report's fields are consistent, nothing failed. No timing assertions:
/// CI machines are shared and slow.
/// </summary>
public sealed class KeeperBenchSmokeTests
{
    private static readonly string[] AllOps = ["create", "set", "get", "exists", "children", "delete", "multi"];

    [Fact]
    public async Task ClosedLoopMixReportsEveryOp()
    {
        await using var server = await KeeperServer.StartAsync();
        using var report = await BenchAsync(server, "--sessions", "2", "--outstanding", "4", "--duration", "2", "--warmup", "0.5",
            "--setup-nodes", "50", "--children", "20", "--mix", "create:30,set:20,get:30,exists:5,children:5,delete:5,multi:5");

        var ops = report.RootElement.GetProperty("ops").EnumerateArray().ToDictionary(op => op.GetProperty("op").GetString()!);
        Assert.Equal(AllOps.Order(), ops.Keys.Order());
        foreach (var (name, op) in ops)
        {
            AssertSaneOp(name, op);
            Assert.Empty(op.GetProperty("errors").EnumerateObject());
        }
        var total = report.RootElement.GetProperty("total");
        AssertSaneOp("total", total);
        Assert.Equal(ops.Values.Sum(op => op.GetProperty("count").GetInt64()), total.GetProperty("count").GetInt64());
        Assert.Equal(0, report.RootElement.GetProperty("unfinished").GetInt64());
    }

    [Fact]
    public async Task OpenLoopCountAndFanout()
    {
        await using var server = await KeeperServer.StartAsync();
        using (var open = await BenchAsync(server, "--sessions", "2", "--outstanding", "8", "--rate", "200", "--count", "100",
            "--warmup", "0", "--mix", "get:70,set:30"))
        {
            Assert.Equal("open", open.RootElement.GetProperty("config").GetProperty("mode").GetString());
            var total = open.RootElement.GetProperty("total");
            AssertSaneOp("total", total);
            Assert.Equal(100, total.GetProperty("count").GetInt64());
        }

        using var fanout = await BenchAsync(server, "--fanout", "--sessions", "10", "--fanout-rounds", "2");
        var f = fanout.RootElement.GetProperty("fanout");
        Assert.Equal(10, f.GetProperty("watchers").GetInt32());
        Assert.Equal(0, f.GetProperty("missing").GetInt64());
        Assert.Equal(2, f.GetProperty("all_arrived_us").GetArrayLength());
        Assert.All(f.GetProperty("all_arrived_us").EnumerateArray(), v => Assert.True(v.GetDouble() > 0));
    }

    private static void AssertSaneOp(string name, JsonElement op)
    {
        Assert.True(op.GetProperty("count").GetInt64() > 0, $"{name}: no op answered\n{op}");
        Assert.True(op.GetProperty("ops_per_s").GetDouble() > 0, $"{name}: ops_per_s\n{op}");
        double p50 = op.GetProperty("p50_us").GetDouble(), p90 = op.GetProperty("p90_us").GetDouble();
        double p99 = op.GetProperty("p99_us").GetDouble(), p999 = op.GetProperty("p99.9_us").GetDouble();
        double max = op.GetProperty("max_us").GetDouble();
        Assert.True(p50 > 0 && p50 <= p90 && p90 <= p99 && p99 <= p999 && p999 <= max, $"{name}: percentiles out of order\n{op}");
    }

    private static async Task<JsonDocument> BenchAsync(ITestServer server, params string[] args)
    {
        var json = Path.Combine(Path.GetTempPath(), $"keeper-bench-{Guid.NewGuid():N}.json");
        try
        {
            var r = await Tools.RunAsync("dotnet", ["exec", KeeperServer.LocateDll(), "bench", "--connect", server.ConnectString,
                "--max-seconds", "60", "--json", json, .. args], timeout: TimeSpan.FromSeconds(90));
            Assert.True(r.ExitCode == 0, r.ToString());
            return JsonDocument.Parse(await File.ReadAllTextAsync(json));
        }
        finally
        {
            File.Delete(json);
        }
    }
}
