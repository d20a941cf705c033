using System.Globalization;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Ensemble;

/// <summary>
/// The tutorial's step 10 with a real network cut: three servers, each in a network namespace of its own on
/// a bridge (addresses 10.231.0.N exist only inside them), and iptables inside a namespace to cut a host off.
/// A cut leader is replaced and stops serving; with two hosts cut the third refuses writes until they return;
/// after healing, every server has the same data.
/// </summary>
public sealed class PartitionTests : IAsyncLifetime
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"keeper-partition-{Guid.NewGuid():N}"[..40]);
    private readonly List<ChildProcess> _servers = [];
    private NetworkLab _lab = null!;

    public async Task InitializeAsync()
    {
        _lab = await NetworkLab.CreateAsync(3);
        for (int n = 1; n <= 3; n++)
        {
            string dir = Path.Combine(_root, "s" + n), data = Path.Combine(dir, "data");
            Directory.CreateDirectory(data);
            File.WriteAllText(Path.Combine(data, "myid"), n.ToString(CultureInfo.InvariantCulture));
            var cfg = ZooCfg.Render(2181, data, new Dictionary<string, string>
            {
                ["tickTime"] = "500", ["initLimit"] = "10", ["syncLimit"] = "5",
                ["clientPortAddress"] = NetworkLab.Address(n).ToString(),
            }) + string.Concat(Enumerable.Range(1, 3).Select(i => $"server.{i}={NetworkLab.Address(i)}:2888:3888\n"));
            File.WriteAllText(Path.Combine(dir, "zoo.cfg"), cfg);
            _servers.Add(_lab.StartIn(n, "dotnet", [KeeperServer.LocateDll(), "server", Path.Combine(dir, "zoo.cfg")], dir, Path.Combine(dir, "out.log")));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        await _lab.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_cut_off_leader_is_replaced_two_cut_hosts_stop_writes_and_healing_makes_all_agree()
    {
        int leader = await WaitForLeaderAsync([1, 2, 3]);
        Assert.Equal(0, (await CliAsync(1, 1, "create", "/hello", "world")).ExitCode);

        await _lab.CutAsync(leader);
        var others = new[] { 1, 2, 3 }.Where(n => n != leader).ToArray();
        int next = await WaitForLeaderAsync(others);
        Assert.NotEqual(leader, next);
        var set = await CliAsync(others[0], others[0], "set", "/hello", "world_should_work");
        Assert.True(set.ExitCode == 0, set + Logs());
        Assert.Contains("world_should_work", (await CliAsync(others[1], others[1], "get", "/hello")).StdOut);
        await EventuallyAsync(async () => (await SrvrAsync(leader)).Contains("not currently serving", StringComparison.Ordinal),
            $"the cut-off old leader {leader} should stop serving");

        await _lab.HealAsync(leader);
        await WaitForLeaderAsync([1, 2, 3]);
        Assert.Contains("world_should_work", (await CliAsync(leader, leader, "get", "/hello")).StdOut);

        // Two of three cut off: no quorum anywhere, so a write on the third must fail...
        await _lab.CutAsync(others[0]);
        await _lab.CutAsync(others[1]);
        await EventuallyAsync(async () => (await SrvrAsync(leader)).Contains("not currently serving", StringComparison.Ordinal),
            $"server {leader} alone should stop serving");
        var refused = await CliAsync(leader, leader, "set", "/hello", "no_quorum", timeoutSeconds: 15);
        Assert.NotEqual(0, refused.ExitCode);

        // ...and succeed once they are back; all three then hold the same data.
        await _lab.HealAsync(others[0]);
        await _lab.HealAsync(others[1]);
        await WaitForLeaderAsync([1, 2, 3]);
        Assert.Equal(0, (await CliAsync(leader, leader, "set", "/hello", "after_heal")).ExitCode);
        foreach (int n in new[] { 1, 2, 3 })
        {
            await CliAsync(n, n, "sync", "/hello");
            Assert.Contains("after_heal", (await CliAsync(n, n, "get", "/hello")).StdOut);
        }
    }

    /// <summary>Runs <c>keeper cli</c> inside host <paramref name="from"/> against server <paramref name="server"/>.</summary>
    private Task<ProcessResult> CliAsync(int from, int server, string command, string path, string? data = null, int timeoutSeconds = 30)
    {
        var args = new List<string> { KeeperServer.LocateDll(), "cli", "-server", $"{NetworkLab.Address(server)}:2181", command, path };
        if (data is not null) args.Add(data);
        return _lab.RunInAsync(from, TimeSpan.FromSeconds(timeoutSeconds), "dotnet", args.ToArray());
    }

    private async Task<string> SrvrAsync(int n)
    {
        var result = await _lab.RunInAsync(n, TimeSpan.FromSeconds(10), "sh", "-c", $"echo srvr | nc -w 3 {NetworkLab.Address(n)} 2181");
        return result.StdOut;
    }

    private async Task<int> WaitForLeaderAsync(int[] hosts)
    {
        var deadline = DateTime.UtcNow + Settle;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            var modes = new Dictionary<int, string>();
            foreach (int n in hosts)
            {
                var srvr = await SrvrAsync(n);
                modes[n] = srvr.Split('\n').FirstOrDefault(l => l.StartsWith("Mode: ", StringComparison.Ordinal))?[6..] ?? "not serving";
            }
            last = string.Join(", ", modes.Select(m => $"{m.Key}={m.Value}"));
            var leaders = modes.Where(m => m.Value == "leader").Select(m => m.Key).ToList();
            if (leaders.Count == 1 && modes.Values.All(v => v is "leader" or "follower")) return leaders[0];
            await Task.Delay(300);
        }
        throw new TimeoutException($"no leader among {string.Join(",", hosts)}: {last}\n{Logs()}");
    }

    private async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(300);
        }
        Assert.Fail($"timed out: {what}\n{Logs()}");
    }

    private string Logs() => string.Join("\n", Enumerable.Range(1, 3).Select(n =>
    {
        var file = Path.Combine(_root, "s" + n, "out.log");
        return $"--- server {n}\n" + (File.Exists(file) ? string.Join("\n", File.ReadAllLines(file).TakeLast(25)) : "");
    }));
}
