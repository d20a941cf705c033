using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Ensemble;

/// <summary>
/// Ensembles mixing our servers with Debian's Apache ZooKeeper 3.8: the way users migrate by a rolling update.
/// Both speak ZooKeeper 3.8's election and quorum formats, so either may lead, and writes through any member
/// are read through every other.
/// </summary>
public sealed class MixedEnsembleTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private static readonly Dictionary<string, string> ShortTicks = new() { ["tickTime"] = "500" };

    public static TheoryData<string, string, string> Mixes => new()
    {
        { ServerKinds.Keeper, ServerKinds.Keeper, ServerKinds.Apache },
        { ServerKinds.Keeper, ServerKinds.Apache, ServerKinds.Apache },
    };

    [Theory]
    [MemberData(nameof(Mixes))]
    public async Task A_mixed_ensemble_replicates_writes_made_through_any_member(string first, string second, string third)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([first, second, third], ShortTicks);
        ensemble.StartAll();
        await ensemble.WaitForQuorumAsync(Settle);

        await WriteThroughEachAndReadEverywhere(ensemble, "a");
    }

    [Theory]
    [MemberData(nameof(Mixes))]
    public async Task When_the_leader_dies_the_others_elect_a_new_one_whatever_its_kind_and_keep_every_write(string first, string second, string third)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([first, second, third], ShortTicks);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        await WriteThroughEachAndReadEverywhere(ensemble, "before");

        await leader.KillAsync();
        var next = await ensemble.WaitForQuorumAsync(Settle);
        Assert.NotEqual(leader.Id, next.Id);
        foreach (var member in ensemble.Members.Where(m => m.IsRunning))
        {
            await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(member.ConnectString), Settle);
            await client.SetDataAsync("/before1", System.Text.Encoding.UTF8.GetBytes($"after, via {member.Id}"));
        }

        leader.Start(); // the old leader comes back as a learner of the new one
        await ensemble.WaitForQuorumAsync(Settle);
        await using var onOld = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(leader.ConnectString), Settle);
        await onOld.SyncAsync("/");
        for (int i = 1; i <= 3; i++) Assert.NotNull(await onOld.ReadAsync($"/before{i}"));
        Assert.StartsWith("after, via", await onOld.ReadAsync("/before1"));
    }

    private static async Task WriteThroughEachAndReadEverywhere(Keeper.TestSupport.Ensemble ensemble, string prefix)
    {
        foreach (var writer in ensemble.Members)
        {
            await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(writer.ConnectString), Settle);
            await client.CreateAsync($"/{prefix}{writer.Id}", $"{writer.Kind} {writer.Id}");
        }
        foreach (var reader in ensemble.Members)
        {
            await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(reader.ConnectString), Settle);
            await client.SyncAsync("/");
            foreach (var writer in ensemble.Members)
                Assert.Equal($"{writer.Kind} {writer.Id}", await client.ReadAsync($"/{prefix}{writer.Id}"));
        }
    }
}
