using System.Diagnostics;
using System.Globalization;
using System.Net;
using Keeper.Client;
using Keeper.Interop.Tests.Ensemble;
using Keeper.Protocol;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.LocalSessions;

/// <summary>What the local-session tests read off a server: its zxid (srvr), session counts (mntr), and clients.</summary>
internal static class LocalSessionProbe
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public static Dictionary<string, string> Config(bool upgrading) => new()
    {
        ["tickTime"] = "500",
        ["localSessionsEnabled"] = "true",
        ["localSessionsUpgradingEnabled"] = upgrading ? "true" : "false",
    };

    /// <summary>The last zxid the server applied, from srvr's "Zxid: 0x..." line.</summary>
    public static async Task<long> ZxidAsync(IPAddress address, int port)
    {
        var srvr = await FourLetterWords.SendAsync(address, port, "srvr", TimeSpan.FromSeconds(5));
        var line = srvr.Split('\n').Single(l => l.StartsWith("Zxid: 0x", StringComparison.Ordinal));
        return long.Parse(line["Zxid: 0x".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    public static Task<long> ZxidAsync(EnsembleMember member) => ZxidAsync(member.Address, member.ClientPort);

    /// <summary>
    /// The zxid every running member has reached, once they agree (bounded). A fresh ensemble's members report 0 until
    /// its first txn starts the epoch, so tests first write once (<see cref="WarmUpAsync"/>) and count from there.
    /// </summary>
    public static async Task<long> SettledZxidAsync(Keeper.TestSupport.Ensemble ensemble)
    {
        var clock = Stopwatch.StartNew();
        var seen = new List<long>();
        while (clock.Elapsed < Settle)
        {
            seen.Clear();
            foreach (var member in ensemble.Members.Where(m => m.IsRunning)) seen.Add(await ZxidAsync(member));
            if (seen.Distinct().Count() == 1) return seen[0];
            await Task.Delay(100);
        }
        throw new TimeoutException($"the members never agreed on a zxid: {string.Join(", ", seen.Select(z => $"0x{z:x}"))}\n{ensemble.Diagnostics()}");
    }

    /// <summary>One write through the leader, so the epoch has begun, then the zxid all members agree on.</summary>
    public static async Task<long> WarmUpAsync(Keeper.TestSupport.Ensemble ensemble, EnsembleMember leader)
    {
        await using (var client = await EnsembleClient.EventuallyAsync(() => ConnectAsync(leader.ConnectString), Settle))
            await CreateAsync(client, "/warm-up");
        return await SettledZxidAsync(ensemble);
    }

    /// <summary>Starts every member, waits for the quorum and warms it up: the leader and one follower.</summary>
    public static async Task<(EnsembleMember Leader, EnsembleMember Follower)> FormAsync(Keeper.TestSupport.Ensemble ensemble)
    {
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        await WarmUpAsync(ensemble, leader);
        return (leader, ensemble.Members.First(m => m.Id != leader.Id));
    }

    /// <summary>mntr's zk_local_sessions and zk_global_sessions.</summary>
    public static async Task<(long Local, long Global)> SessionCountsAsync(IPAddress address, int port)
    {
        var mntr = await FourLetterWords.SendAsync(address, port, "mntr", TimeSpan.FromSeconds(5));
        long Value(string key) => long.Parse(mntr.Split('\n').Single(l => l.StartsWith(key + "\t", StringComparison.Ordinal))[(key.Length + 1)..],
            CultureInfo.InvariantCulture);
        return (Value("zk_local_sessions"), Value("zk_global_sessions"));
    }

    public static Task<(long Local, long Global)> SessionCountsAsync(EnsembleMember member) => SessionCountsAsync(member.Address, member.ClientPort);

    /// <summary>Our client with one server in its connect string, so it cannot wander to another member.</summary>
    public static Task<ZooKeeperClient> ConnectAsync(string connectString, long sessionId = 0, byte[]? password = null) =>
        ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = connectString,
            SessionTimeoutMs = 10_000,
            ConnectTimeout = TimeSpan.FromSeconds(20),
            SessionId = sessionId,
            SessionPassword = password,
        });

    /// <summary>
    /// A kazoo session that creates <paramref name="path"/> and then dies without closing its session (os._exit), so
    /// the server has to expire it. Returns the session id.
    /// </summary>
    public static async Task<long> CreateAndVanishAsync(string connectString, string path)
    {
        Tools.Require(Tools.Python, "the system python3 with python3-kazoo");
        const string Script = """
            import os, sys
            from kazoo.client import KazooClient
            c = KazooClient(hosts=sys.argv[1], timeout=1.0, connection_retry=None)
            c.start(timeout=20)
            c.create(sys.argv[2], b"left behind")
            print("SESSION %d" % c.client_id[0], flush=True)
            os._exit(0)
            """;
        var run = await Tools.RunAsync(Tools.Python, ["-c", Script, connectString, path], timeout: TimeSpan.FromSeconds(60));
        var line = run.StdOut.Split('\n').FirstOrDefault(l => l.StartsWith("SESSION ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"kazoo did not create {path}:\n{run}");
        return long.Parse(line["SESSION ".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Resuming <paramref name="sessionId"/> at <paramref name="connectString"/>: the error code, or Ok if it resumed.</summary>
    public static async Task<ErrorCode> ResumeAsync(string connectString, long sessionId, byte[] password)
    {
        try
        {
            await using var moved = await ConnectAsync(connectString, sessionId, password);
            Assert.Equal(sessionId, moved.SessionId);
            return ErrorCode.Ok;
        }
        catch (KeeperException e)
        {
            return e.Code;
        }
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string failure, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (within ?? Settle))
        {
            if (await condition()) return;
            await Task.Delay(200);
        }
        Assert.Fail(failure);
    }

    public static Task<string> CreateAsync(ZooKeeperClient client, string path, CreateMode mode = CreateMode.Persistent) =>
        client.CreateAsync(path, "x", mode);
}
