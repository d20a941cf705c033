using System.Text;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Quotas;

/// <summary>
/// Without enforceQuota (the default) ZooKeeper 3.8 still counts but checks nothing: a hard limit refuses no
/// write and logs no warning. The same on both servers.
/// </summary>
public sealed class QuotaNotEnforcedTests
{
    private static readonly IReadOnlyList<Acl> Open = Acls.OpenAclUnsafe;

    private static async Task<string> RunAsync(string kind)
    {
        await using var server = await ServerKinds.StartAsync(kind);
        await using var zk = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = server.ConnectString,
            SessionTimeoutMs = 30_000,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
        await zk.CreateAsync("/ne", null, Open, CreateMode.Persistent);
        await zk.CreateAsync("/zookeeper/quota/ne", null, Open, CreateMode.Persistent);
        await zk.CreateAsync("/zookeeper/quota/ne/zookeeper_limits", "count=-1,bytes=-1=;byteHardLimit=1;countHardLimit=1"u8.ToArray(), Open,
            CreateMode.Persistent);
        await zk.CreateAsync("/zookeeper/quota/ne/zookeeper_stats", "count=0,bytes=0"u8.ToArray(), Open, CreateMode.Persistent);
        await zk.CreateAsync("/ne/a", "12345"u8.ToArray(), Open, CreateMode.Persistent);
        await zk.CreateAsync("/ne/b", null, Open, CreateMode.Persistent);
        await zk.SetDataAsync("/ne/b", "123"u8.ToArray());
        var stats = Encoding.UTF8.GetString((await zk.GetDataAsync("/zookeeper/quota/ne/zookeeper_stats")).Data ?? []);
        // Our log is written by a background task: give a warning that should not exist time to show.
        await Task.Delay(500);
        var warnings = await QuotaLogLines.ReadAsync(server);
        return $"stats {stats}; quota log lines: {warnings.Count}";
    }

    [Fact]
    public async Task Without_enforceQuota_hard_limits_refuse_nothing_and_the_stats_still_count()
    {
        var apache = await RunAsync(ServerKinds.Apache);
        Assert.Equal("stats count=3,bytes=8; quota log lines: 0", apache);
        Assert.Equal(apache, await RunAsync(ServerKinds.Keeper));
    }
}
