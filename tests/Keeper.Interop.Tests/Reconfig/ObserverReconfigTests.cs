using System.Globalization;
using System.Text;
using Keeper.Interop.Tests.Ensemble;
using Keeper.TestSupport;
using static Keeper.Interop.Tests.Reconfig.ReconfigSteps;

namespace Keeper.Interop.Tests.Reconfig;

/// <summary>
/// An observer added with <c>reconfig -add server.4=...:observer;...</c> and removed again with <c>reconfig -remove 4</c>
/// while a client writes, in three voters with reconfigEnabled: ours, Apache ZooKeeper 3.8 to show it is the same, and
/// each kind of observer under the other kind's voters. Once removed, the observer goes on as a non-voting follower.
/// </summary>
public sealed class ObserverReconfigTests
{
    [Theory]
    [InlineData(ServerKinds.Keeper, ServerKinds.Keeper)]
    [InlineData(ServerKinds.Apache, ServerKinds.Apache)]
    [InlineData(ServerKinds.Apache, ServerKinds.Keeper)]
    [InlineData(ServerKinds.Keeper, ServerKinds.Apache)]
    public async Task An_observer_is_added_and_removed_by_reconfig_while_a_client_writes(string voterKind, string observerKind)
    {
        await using var ensemble = ReconfigEnsemble([voterKind, voterKind, voterKind, observerKind], observers: [4]);
        var observer = ensemble[4];
        WriteDynamicFiles(ensemble, observer.Id);
        var voters = ensemble.Members.Where(m => m.Id != 4).ToList();
        foreach (var member in voters) member.Start();
        await ensemble.WaitForQuorumAsync(Settle, serving: 3);
        string connect = string.Join(",", voters.Select(m => m.ConnectString));
        var writer = await LoadWriter.StartAsync(connect);
        await using var admin = await EnsembleClient.ConnectAsync(connect);
        await admin.AddAuthAsync("digest", Encoding.UTF8.GetBytes("super:secret"));
        await admin.CreateAsync("/before", "b");

        observer.Start();
        await EventuallyAsync(async () => await observer.ModeAsync() == "observer", "the joiner never observed\n" + ensemble.Diagnostics());
        string observerLine = $"server.4={observer.Address}:{observer.QuorumPort}:{observer.ElectionPort}:observer;{observer.Address}:{observer.ClientPort}";
        var (added, addStat) = await admin.ReconfigAsync(observerLine, null, null);
        string addedText = Encoding.UTF8.GetString(added ?? []);
        Assert.Contains(observerLine + "\n", addedText);
        Assert.EndsWith("version=" + addStat.Mzxid.ToString("x", CultureInfo.InvariantCulture), addedText);
        await admin.CreateAsync("/after", "a");

        // The observer serves reads of what was written before it joined and after it was added, and every member,
        // the observer too, holds the membership with it as an observer.
        Assert.Contains("Mode: observer", await observer.SrvrAsync() ?? "");
        await using (var reader = await EnsembleClient.ConnectAsync(observer.ConnectString))
        {
            await reader.SyncAsync("/after");
            Assert.Equal("b", Encoding.UTF8.GetString((await reader.GetDataAsync("/before")).Data ?? []));
            Assert.Equal("a", Encoding.UTF8.GetString((await reader.GetDataAsync("/after")).Data ?? []));
        }
        await AssertHasAllAsync(observer, writer.Acknowledged.ToList());
        foreach (var member in ensemble.Members)
        {
            await using var client = await EnsembleClient.ConnectAsync(member.ConnectString);
            await client.SyncAsync("/zookeeper/config");
            var (config, stat) = await client.GetDataAsync("/zookeeper/config");
            Assert.Equal(addedText, Encoding.UTF8.GetString(config ?? []));
            Assert.Equal(addStat.Mzxid, stat.Mzxid);
        }

        var (removed, removeStat) = await admin.ReconfigAsync(null, "4", null, addStat.Mzxid);
        string removedText = Encoding.UTF8.GetString(removed ?? []);
        Assert.DoesNotContain("server.4=", removedText);
        Assert.EndsWith("version=" + removeStat.Mzxid.ToString("x", CultureInfo.InvariantCulture), removedText);
        await Task.Delay(1000);
        await writer.StopAsync();

        // Left out, it goes on as a non-voting follower (Apache's updateLearnerType makes it a participant outside the view).
        await EventuallyAsync(async () => await observer.ModeAsync() == "follower",
            "the removed observer does not follow\n" + ensemble.Diagnostics());

        // The voters keep serving, with the membership without the observer, every acknowledged write and new writes.
        foreach (var member in voters)
        {
            Assert.Contains(await member.ModeAsync(), new[] { "leader", "follower" });
            await AssertHasAllAsync(member, writer.Acknowledged);
            await using var client = await EnsembleClient.ConnectAsync(member.ConnectString);
            var (config, stat) = await client.GetDataAsync("/zookeeper/config");
            Assert.Equal(removedText, Encoding.UTF8.GetString(config ?? []));
            Assert.Equal(removeStat.Mzxid, stat.Mzxid);
            await client.CreateAsync($"/removed{member.Id}", "x");
        }
        Assert.True(writer.Acknowledged.Count > 0, "no write was acknowledged");
    }
}
