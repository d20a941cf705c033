using System.Text;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Quotas;

/// <summary>
/// Quota stats survive a kill and restart: the stats node's text is in the snapshot and the log, and on loading a
/// snapshot the server counts every quota's subtree afresh (DataTree.setupQuota) before replaying the log after it.
/// snapCount=4 makes both servers snapshot in the middle of the writes, so the restart goes through a snapshot load
/// and a replay. Hard limits are still enforced afterwards, so the quota paths were found again.
/// </summary>
public sealed class QuotaRestartTests
{
    private static readonly IReadOnlyList<Acl> Open = Acls.OpenAclUnsafe;

    private static byte[] U(string text) => Encoding.UTF8.GetBytes(text);

    private static Task<ZooKeeperClient> ConnectAsync(ITestServer server) =>
        ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = server.ConnectString,
            SessionTimeoutMs = 30_000,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });

    private static async Task<string> StatsAsync(ZooKeeperClient zk, string path) =>
        Encoding.UTF8.GetString((await zk.GetDataAsync("/zookeeper/quota" + path + "/zookeeper_stats")).Data ?? []);

    private static async Task<string> RunAsync(string kind)
    {
        await using var server = (TestServer)await ServerKinds.StartAsync(kind,
            new Dictionary<string, string> { ["enforceQuota"] = "true", ["snapCount"] = "4" });
        var log = new StringBuilder();
        await using (var zk = await ConnectAsync(server))
        {
            // As zkCli's setquota -N 6 -B (as two calls) leaves them, then writes under both quotas.
            await zk.CreateAsync("/r1", U("abc"), Open, CreateMode.Persistent);
            await zk.CreateAsync("/r1/x", U("12345"), Open, CreateMode.Persistent);
            await zk.CreateAsync("/r2", null, Open, CreateMode.Persistent);
            foreach (var (path, limits) in new[] { ("/r1", "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=6"), ("/r2", "count=-1,bytes=-1=;byteHardLimit=20;countHardLimit=-1") })
            {
                await zk.CreateAsync("/zookeeper/quota" + path, null, Open, CreateMode.Persistent);
                await zk.CreateAsync("/zookeeper/quota" + path + "/zookeeper_limits", U(limits), Open, CreateMode.Persistent);
                await zk.CreateAsync("/zookeeper/quota" + path + "/zookeeper_stats", U("count=0,bytes=0"), Open, CreateMode.Persistent);
            }

            for (int i = 0; i < 4; i++) await zk.CreateAsync($"/r1/c{i}", U(new string('d', i)), Open, CreateMode.Persistent);
            await zk.DeleteAsync("/r1/c0");
            await zk.SetDataAsync("/r1/x", U("1"));
            await zk.CreateAsync("/r2/y", U("0123456789"), Open, CreateMode.Persistent);
            await zk.SetDataAsync("/r2/y", U("01234"));
            log.Append("before: r1 ").Append(await StatsAsync(zk, "/r1")).Append(" r2 ").Append(await StatsAsync(zk, "/r2")).Append('\n');
        }

        var snapshots = Directory.GetFiles(Path.Combine(server.DataDir, "version-2"), "snapshot.*")
            .Count(f => !f.EndsWith("snapshot.0", StringComparison.Ordinal));
        Assert.True(snapshots > 0, $"no snapshot was taken on {kind}, so the restart would not load one\n{server.Diagnostics()}");

        await server.RestartAsync();
        await using (var zk = await ConnectAsync(server))
        {
            log.Append("after: r1 ").Append(await StatsAsync(zk, "/r1")).Append(" r2 ").Append(await StatsAsync(zk, "/r2")).Append('\n');
            await zk.CreateAsync("/r1/c4", null, Open, CreateMode.Persistent);
            var refused = await Assert.ThrowsAsync<KeeperException>(() => zk.CreateAsync("/r1/c5", null, Open, CreateMode.Persistent));
            log.Append("r1 past its hard count limit: ").Append(refused.Code).Append('\n');
            var tooBig = await Assert.ThrowsAsync<KeeperException>(() => zk.SetDataAsync("/r2/y", U(new string('z', 30))));
            log.Append("r2 past its hard byte limit: ").Append(tooBig.Code).Append('\n');
            log.Append("end: r1 ").Append(await StatsAsync(zk, "/r1")).Append(" r2 ").Append(await StatsAsync(zk, "/r2")).Append('\n');
        }

        return log.ToString();
    }

    [Fact]
    public async Task Quota_stats_survive_a_restart_through_a_snapshot_and_the_log_as_on_Apache()
    {
        var apache = await RunAsync(ServerKinds.Apache);
        Assert.Equal(
            "before: r1 count=5,bytes=10 r2 count=2,bytes=5\n" +
            "after: r1 count=5,bytes=10 r2 count=2,bytes=5\n" +
            "r1 past its hard count limit: QuotaExceeded\n" +
            "r2 past its hard byte limit: QuotaExceeded\n" +
            "end: r1 count=6,bytes=10 r2 count=2,bytes=5\n",
            apache);
        var keeper = await RunAsync(ServerKinds.Keeper);
        Assert.Equal(apache, keeper);
    }
}
