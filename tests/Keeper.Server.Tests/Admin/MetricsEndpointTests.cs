using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Server.Tests.Admin;

/// <summary>/metrics with the Prometheus provider: Apache's metric names, values that follow the tree.</summary>
public sealed class MetricsEndpointTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    private async Task<string> ScrapeAsync()
    {
        var (status, _, body) = await AdminHttp.GetAsync(fixture.MetricsPort, "/metrics");
        Assert.Equal(200, status);
        return body;
    }

    [Fact]
    public async Task Znode_count_rises_by_the_nodes_created()
    {
        await using var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectString = fixture.Server.ConnectString });
        var root = "/metrics-" + Guid.NewGuid().ToString("N");
        double before = AdminHttp.Sample(await ScrapeAsync(), "znode_count");

        await client.CreateAsync(root, [], Acls.OpenAclUnsafe, CreateMode.Persistent);
        await client.CreateAsync(root + "/a", [], Acls.OpenAclUnsafe, CreateMode.Persistent);
        await client.CreateAsync(root + "/b", [], Acls.OpenAclUnsafe, CreateMode.Persistent);

        Assert.Equal(before + 3, AdminHttp.Sample(await ScrapeAsync(), "znode_count"));
    }

    [Fact]
    public async Task Writes_show_in_the_op_counts_the_update_latency_and_the_fsync_time()
    {
        await using var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectString = fixture.Server.ConnectString });
        var before = await ScrapeAsync();

        await client.CreateAsync("/fsync-" + Guid.NewGuid().ToString("N"), [], Acls.OpenAclUnsafe, CreateMode.Persistent);

        var after = await ScrapeAsync();
        foreach (var name in new[] { "keeper_requests_total{op=\"create\"}", "updatelatency_count", "fsynctime_count" })
        {
            Assert.True(AdminHttp.Sample(after, name) > AdminHttp.Sample(before, name), name);
        }
    }

    [Fact]
    public async Task A_quota_shows_as_apaches_per_namespace_quota_gauges_and_goes_with_it()
    {
        await using var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectString = fixture.Server.ConnectString });
        var ns = "q" + Guid.NewGuid().ToString("N")[..8];
        var quota = "/zookeeper/quota/" + ns;
        await client.CreateAsync("/" + ns, "abcd"u8.ToArray(), Acls.OpenAclUnsafe, CreateMode.Persistent);
        await client.CreateAsync(quota, null, Acls.OpenAclUnsafe, CreateMode.Persistent);
        await client.CreateAsync(quota + "/zookeeper_limits", "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=7"u8.ToArray(),
            Acls.OpenAclUnsafe, CreateMode.Persistent);
        await client.CreateAsync(quota + "/zookeeper_stats", "count=0,bytes=0"u8.ToArray(), Acls.OpenAclUnsafe, CreateMode.Persistent);

        var body = await ScrapeAsync();
        Assert.Equal(7, AdminHttp.Sample(body, $"quota_count_limit_per_namespace{{key=\"{ns}\"}}"));
        Assert.Equal(-1, AdminHttp.Sample(body, $"quota_bytes_limit_per_namespace{{key=\"{ns}\"}}"));
        Assert.Equal(1, AdminHttp.Sample(body, $"quota_count_usage_per_namespace{{key=\"{ns}\"}}"));
        Assert.Equal(4, AdminHttp.Sample(body, $"quota_bytes_usage_per_namespace{{key=\"{ns}\"}}"));

        await client.DeleteAsync(quota + "/zookeeper_stats");
        await client.DeleteAsync(quota + "/zookeeper_limits");
        Assert.DoesNotContain($"key=\"{ns}\"", await ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gauges_carry_apaches_names()
    {
        var body = await ScrapeAsync();

        foreach (var name in new[] { "watch_count", "num_alive_connections", "outstanding_requests", "global_sessions", "ephemerals_count" })
        {
            Assert.Contains($"# TYPE {name} gauge\n", body, StringComparison.Ordinal);
        }

        Assert.Contains("# TYPE snapshottime summary\n", body, StringComparison.Ordinal);
        Assert.Contains("readlatency{quantile=\"0.99\"}", body, StringComparison.Ordinal);
    }
}
