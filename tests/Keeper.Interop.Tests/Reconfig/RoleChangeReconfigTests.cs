using System.Globalization;
using System.Text;
using Keeper.Interop.Tests.Ensemble;
using Keeper.TestSupport;
using static Keeper.Interop.Tests.Reconfig.ReconfigSteps;

namespace Keeper.Interop.Tests.Reconfig;

/// <summary>
/// A follower turned into an observer with <c>reconfig -add server.N=...:observer;...</c> (re-adding a member with
/// another role), and back with <c>...:participant;...</c>, while a client writes: it leaves its role and takes the new
/// one under the same leader (Apache's updateLearnerType), the membership lists it as it now is, and no acknowledged
/// write is lost. Ours and Apache ZooKeeper 3.8 alike, and each kind changing role under the other kind's leader.
/// </summary>
public sealed class RoleChangeReconfigTests
{
    [Theory]
    [InlineData(ServerKinds.Keeper, ServerKinds.Keeper, ServerKinds.Keeper)]
    [InlineData(ServerKinds.Apache, ServerKinds.Apache, ServerKinds.Apache)]
    [InlineData(ServerKinds.Keeper, ServerKinds.Apache, ServerKinds.Apache)]
    [InlineData(ServerKinds.Apache, ServerKinds.Keeper, ServerKinds.Keeper)]
    public async Task A_follower_becomes_an_observer_and_a_voter_again_by_reconfig_while_a_client_writes(string first, string second, string third)
    {
        await using var ensemble = ReconfigEnsemble([first, second, third]);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        // Server 1 changes role (the odd kind in the mixed runs; the highest id usually leads a fresh ensemble).
        var changing = leader.Id != 1 ? ensemble[1] : ensemble[2];
        string connect = string.Join(",", ensemble.Members.Select(m => m.ConnectString));
        var writer = await LoadWriter.StartAsync(connect);
        await using var admin = await EnsembleClient.ConnectAsync(leader.ConnectString);
        await admin.AddAuthAsync("digest", Encoding.UTF8.GetBytes("super:secret"));

        string Line(string role) =>
            $"server.{changing.Id}={changing.Address}:{changing.QuorumPort}:{changing.ElectionPort}:{role};{changing.Address}:{changing.ClientPort}";

        var (observing, observingStat) = await admin.ReconfigAsync(Line("observer"), null, null);
        string observingText = Encoding.UTF8.GetString(observing ?? []);
        Assert.Contains(Line("observer") + "\n", observingText);
        await EventuallyAsync(async () => await changing.ModeAsync() == "observer",
            $"server {changing.Id} never observed\n{ensemble.Diagnostics()}");
        await AssertEveryMemberHasAsync(ensemble, observingText, observingStat.Mzxid);
        await admin.CreateAsync("/while-observing", "o");

        var (voting, votingStat) = await admin.ReconfigAsync(Line("participant"), null, null, observingStat.Mzxid);
        string votingText = Encoding.UTF8.GetString(voting ?? []);
        Assert.Contains(Line("participant") + "\n", votingText);
        await EventuallyAsync(async () => await changing.ModeAsync() == "follower",
            $"server {changing.Id} never followed again\n{ensemble.Diagnostics()}");
        await AssertEveryMemberHasAsync(ensemble, votingText, votingStat.Mzxid);

        await Task.Delay(500);
        await writer.StopAsync();
        Assert.True(writer.Acknowledged.Count > 0, "no write was acknowledged");
        var leaders = new List<long>();
        foreach (var member in ensemble.Members) if (await member.ModeAsync() == "leader") leaders.Add(member.Id);
        Assert.Equal([leader.Id], leaders); // the leader never changed
        foreach (var member in ensemble.Members) await AssertHasAllAsync(member, writer.Acknowledged);
        await using var reader = await EnsembleClient.ConnectAsync(changing.ConnectString);
        await reader.SyncAsync("/while-observing");
        Assert.Equal("o", Encoding.UTF8.GetString((await reader.GetDataAsync("/while-observing")).Data ?? []));
    }

    private static async Task AssertEveryMemberHasAsync(Keeper.TestSupport.Ensemble ensemble, string text, long version)
    {
        foreach (var member in ensemble.Members)
        {
            await EventuallyAsync(async () =>
            {
                await using var client = await EnsembleClient.ConnectAsync(member.ConnectString);
                await client.SyncAsync("/zookeeper/config");
                var (config, stat) = await client.GetDataAsync("/zookeeper/config");
                return Encoding.UTF8.GetString(config ?? []) == text && stat.Mzxid == version;
            }, $"server {member.Id} does not publish version {version.ToString("x", CultureInfo.InvariantCulture)}\n{ensemble.Diagnostics()}");
        }
    }
}
