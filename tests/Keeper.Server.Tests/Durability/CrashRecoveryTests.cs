using System.Collections.Concurrent;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.TestSupport;
using Xunit.Abstractions;

namespace Keeper.Server.Tests.Durability;

/// <summary>
/// The promise of the txn log: an acknowledged write survives a crash. A real server process takes a
/// stream of concurrent writes and is killed with SIGKILL at a random moment, twenty times; after each
/// restart every acknowledged write must be there, and no multi may be half applied.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Rounds = 20;
    private const int Writers = 24;
    private static readonly IReadOnlyList<Acl> Open = Acls.OpenAclUnsafe;

    [Fact]
    public async Task Acknowledged_writes_survive_SIGKILL_at_random_moments()
    {
        // snapCount 200 makes snapshots (and log rolls) happen during the run, so recovery is exercised
        // from fuzzy snapshots as well as from logs alone.
        await using var server = await KeeperServer.StartAsync(new Dictionary<string, string> { ["snapCount"] = "200" });
        var acknowledged = new ConcurrentDictionary<string, (byte[] Data, long Zxid)>();
        var pairs = new ConcurrentBag<(string A, string B)>();
        var random = new Random(20261124);
        long totalAcked = 0;

        for (int round = 0; round < Rounds; round++)
        {
            await using (var client = await Connect(server))
            {
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, Writers)
                    .Select(w => WriteUntilFailure(client, round, w, acknowledged, pairs, stop.Token))
                    .ToArray();
                await Task.Delay(random.Next(50, 600));
                await server.StopAsync(); // SIGKILL: no shutdown, no final flush
                stop.Cancel();
                totalAcked += (await Task.WhenAll(writers)).Sum();
            }
            await server.RestartAsync();
            await VerifyAsync(server, acknowledged, pairs, round);
        }
        output.WriteLine($"{Rounds} kills, {totalAcked} acknowledged writes, all present after every restart");
        Assert.True(totalAcked > Rounds * 10, $"too few writes were acknowledged ({totalAcked}) for the test to mean anything");
    }

    private static async Task<ZooKeeperClient> Connect(ITestServer server) =>
        await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = server.ConnectString,
            SessionTimeoutMs = 10_000,
            ConnectTimeout = TimeSpan.FromSeconds(20),
        });

    /// <summary>Writes as fast as replies come (creates, sets and two-node multis); returns how many were acknowledged.</summary>
    private static async Task<int> WriteUntilFailure(ZooKeeperClient client, int round, int writer,
        ConcurrentDictionary<string, (byte[] Data, long Zxid)> acknowledged, ConcurrentBag<(string, string)> pairs, CancellationToken stop)
    {
        int acked = 0;
        for (int n = 0; !stop.IsCancellationRequested && n < 100_000; n++)
        {
            string path = $"/r{round}-w{writer}-{n}";
            var data = BitConverter.GetBytes(((long)round << 40) | ((long)writer << 24) | (uint)n);
            try
            {
                switch (n % 3)
                {
                    case 0:
                        var (_, stat) = await client.Create2Async(path, data, Open, CreateMode.Persistent);
                        acknowledged[path] = (data, stat.Czxid);
                        break;
                    case 1:
                        await client.MultiAsync([Ops.Create(path + "a", data, Open, CreateMode.Persistent), Ops.Create(path + "b", data, Open, CreateMode.Persistent)]);
                        pairs.Add((path + "a", path + "b"));
                        acknowledged[path + "a"] = (data, 0);
                        acknowledged[path + "b"] = (data, 0);
                        break;
                    default:
                        var previous = $"/r{round}-w{writer}-{n - 2}";
                        var set = await client.SetDataAsync(previous, data);
                        acknowledged[previous] = (data, set.Mzxid);
                        break;
                }
                acked++;
            }
            catch (Exception e) when (e is KeeperException or IOException or TimeoutException or OperationCanceledException or ObjectDisposedException)
            {
                return acked; // the server is gone: unacknowledged writes may or may not have survived
            }
        }
        return acked;
    }

    private static async Task VerifyAsync(ITestServer server, ConcurrentDictionary<string, (byte[] Data, long Zxid)> acknowledged,
        ConcurrentBag<(string A, string B)> pairs, int round)
    {
        await using var client = await Connect(server);
        // Many reads in flight at once: the client pipelines them on one connection.
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (entry, _) =>
        {
            var (path, (data, zxid)) = entry;
            byte[]? actual;
            try
            {
                actual = (await client.GetDataAsync(path)).Data;
            }
            catch (KeeperException e) when (e.Code == ErrorCode.NoNode)
            {
                throw new Xunit.Sdk.XunitException($"round {round}: acknowledged {path} (zxid 0x{zxid:x}) is missing after the restart");
            }
            // A later set may have been applied but not acknowledged; an acknowledged value must not be older.
            if (!actual!.AsSpan().SequenceEqual(data))
                Assert.True(BitConverter.ToInt64(actual) > BitConverter.ToInt64(data),
                    $"round {round}: {path} holds an older value than the last acknowledged one");
        });
        // Every multi, acknowledged or not, is all or nothing.
        var roots = await client.GetChildrenAsync("/");
        var names = roots.ToHashSet();
        foreach (var name in names.Where(n => n.EndsWith('a')))
        {
            string partner = name[..^1] + "b";
            Assert.True(names.Contains(partner), $"round {round}: multi half applied: /{name} without /{partner}");
        }
        foreach (var name in names.Where(n => n.EndsWith('b')))
            Assert.True(names.Contains(name[..^1] + "a"), $"round {round}: multi half applied: /{name} without its partner");
    }
}
