using System.Text;
using Keeper.Interop.Tests.Ensemble;
using Keeper.Protocol;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Quotas;

/// <summary>
/// Quotas in a mixed ensemble (two of ours, one Apache ZooKeeper 3.8, all with enforceQuota=true): every member
/// keeps the stats node itself as it applies the txns, so all of them show the same stats; the leader, whatever
/// its kind, refuses the write that would pass the hard limit, made through any member; and a member that was
/// down catches up to the same stats.
/// </summary>
public sealed class QuotaEnsembleTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private const string Stats = "/zookeeper/quota/mq/zookeeper_stats";

    /// <summary>The third member leads (see the start order below).</summary>
    public static TheoryData<string, string, string> Mixes => new()
    {
        { ServerKinds.Keeper, ServerKinds.Keeper, ServerKinds.Apache },
        { ServerKinds.Apache, ServerKinds.Keeper, ServerKinds.Keeper },
    };

    [Theory]
    [MemberData(nameof(Mixes))]
    public async Task Every_member_of_a_mixed_ensemble_keeps_the_same_quota_stats_and_the_leader_enforces_the_limit(
        string first, string second, string third)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([first, second, third],
            new Dictionary<string, string> { ["tickTime"] = "500", ["enforceQuota"] = "true" });
        // The two larger ids first: equal (empty) histories elect the largest id, so the third member leads.
        ensemble.Members[2].Start();
        ensemble.Members[1].Start();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        ensemble.Members[0].Start();
        await ensemble.WaitForQuorumAsync(Settle);
        Assert.True(leader.Id == ensemble.Members[2].Id && leader.Kind == third, $"{leader.Kind} {leader.Id} leads");

        await using (var setup = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(ensemble.Members[0].ConnectString), Settle))
        {
            await setup.CreateAsync("/mq", "");
            await setup.CreateAsync("/zookeeper/quota/mq", "");
            await setup.CreateAsync("/zookeeper/quota/mq/zookeeper_limits", "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=4");
            await setup.CreateAsync(Stats, "count=0,bytes=0");
        }

        foreach (var writer in ensemble.Members)
        {
            await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(writer.ConnectString), Settle);
            await client.CreateAsync($"/mq/c{writer.Id}", writer.Kind);
        }

        // /mq and its three children are the hard limit: one more create through any member is refused.
        foreach (var writer in ensemble.Members)
        {
            await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(writer.ConnectString), Settle);
            var e = await Assert.ThrowsAsync<KeeperException>(() => client.CreateAsync($"/mq/x{writer.Id}", "over"));
            Assert.True(e.Code == ErrorCode.QuotaExceeded, $"through {writer.Kind} {writer.Id}: {e.Code}");
        }

        await AssertSameStatsEverywhereAsync(ensemble, "count=4,bytes=18");

        var behind = ensemble.Members[1];
        await behind.KillAsync();
        await ensemble.WaitForQuorumAsync(Settle);
        await using (var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(ensemble.Members[0].ConnectString), Settle))
        {
            await client.DeleteAsync("/mq/c1");
            await client.SetDataAsync("/mq", Encoding.UTF8.GetBytes("abc"));
        }
        behind.Start();
        await ensemble.WaitForQuorumAsync(Settle);
        await AssertSameStatsEverywhereAsync(ensemble, "count=3,bytes=15");
    }

    private static async Task AssertSameStatsEverywhereAsync(Keeper.TestSupport.Ensemble ensemble, string expected)
    {
        foreach (var member in ensemble.Members)
        {
            await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(member.ConnectString), Settle);
            await client.SyncAsync("/");
            Assert.True(expected == await client.ReadAsync(Stats), $"{member.Kind} {member.Id}: {await client.ReadAsync(Stats)}\n{ensemble.Diagnostics()}");
        }
    }
}
