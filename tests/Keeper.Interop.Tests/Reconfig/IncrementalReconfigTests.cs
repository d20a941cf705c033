using System.Globalization;
using System.Text;
using Keeper.Client;
using Keeper.Interop.Tests.Ensemble;
using Keeper.Protocol;
using Keeper.TestSupport;
using static Keeper.Interop.Tests.Reconfig.ReconfigSteps;

namespace Keeper.Interop.Tests.Reconfig;

/// <summary>
/// Incremental reconfig in an ensemble of ours while a client writes: a fourth server joins as a non-voting
/// follower and is added with <c>reconfig -add</c>, then the leader is removed with <c>reconfig -remove</c>; no
/// acknowledged write is lost, every member ends with the same /zookeeper/config and dynamic file, the others take
/// a new leader and the removed server follows it as a non-voting follower.
/// </summary>
public sealed class IncrementalReconfigTests
{
    /// <summary>
    /// Ours alone, and mixed with Apache ZooKeeper 3.8 on either side of the leader (server 3 leads a fresh ensemble):
    /// Apache followers under our leader, and our followers and joiner under Apache's.
    /// </summary>
    [Theory]
    [InlineData(ServerKinds.Keeper, ServerKinds.Keeper, ServerKinds.Keeper)]
    [InlineData(ServerKinds.Apache, ServerKinds.Apache, ServerKinds.Keeper)]
    [InlineData(ServerKinds.Keeper, ServerKinds.Keeper, ServerKinds.Apache)]
    public async Task A_fourth_server_is_added_and_the_leader_removed_while_a_client_writes(string first1, string second, string third)
    {
        await using var ensemble = ReconfigEnsemble([first1, second, third, ServerKinds.Keeper]);
        var joiner = ensemble[4];
        ReconfigSteps.WriteDynamicFiles(ensemble, joiner.Id);
        var first = ensemble.Members.Where(m => m.Id != 4).ToList();
        foreach (var member in first) member.Start();
        var leader = await ensemble.WaitForQuorumAsync(Settle, serving: 3);
        string connect = string.Join(",", first.Select(m => m.ConnectString));
        var writer = await LoadWriter.StartAsync(connect);

        joiner.Start();
        await EventuallyAsync(async () => await joiner.ModeAsync() == "follower", "the joiner never followed\n" + ensemble.Diagnostics());
        await using var admin = await EnsembleClient.ConnectAsync(connect);
        await admin.AddAuthAsync("digest", Encoding.UTF8.GetBytes("super:secret"));

        string joinerLine = $"server.4={joiner.Address}:{joiner.QuorumPort}:{joiner.ElectionPort}:participant;{joiner.Address}:{joiner.ClientPort}";
        var (added, addStat) = await admin.ReconfigAsync(joinerLine, null, null);
        string addedText = Encoding.UTF8.GetString(added ?? []);
        Assert.Contains(joinerLine + "\n", addedText);
        Assert.EndsWith("version=" + addStat.Mzxid.ToString("x", CultureInfo.InvariantCulture), addedText);
        await Task.Delay(1000);

        // The admin's server may be the leader being removed: then the answer is lost with its connection, and the
        // outcome is read back from the remaining members below.
        string? answered = null;
        try
        {
            var (removed, _) = await admin.ReconfigAsync(null, leader.Id.ToString(CultureInfo.InvariantCulture), null, addStat.Mzxid);
            answered = Encoding.UTF8.GetString(removed ?? []);
        }
        catch (KeeperException e) when (e.Code == ErrorCode.ConnectionLoss)
        {
        }

        var remaining = ensemble.Members.Where(m => m.Id != leader.Id).ToList();
        var newLeader = await EventuallyAsync(async () =>
        {
            var modes = new List<string?>();
            foreach (var m in remaining) modes.Add(await m.ModeAsync());
            return modes.Count(x => x == "leader") == 1 && modes.All(x => x is "leader" or "follower") ? "ok" : null;
        }, "no new leader among the remaining servers\n" + ensemble.Diagnostics());
        await Task.Delay(1000);
        await writer.StopAsync();
        var acknowledged = writer.Acknowledged;

        // The removed leader goes on as a non-voting follower of the new one.
        await EventuallyAsync(async () => await leader.ModeAsync() == "follower",
            $"the removed leader, server {leader.Id}, does not follow\n" + ensemble.Diagnostics());
        string finalText;
        long finalVersion;
        await using (var reader = await EnsembleClient.ConnectAsync(remaining[0].ConnectString))
        {
            await reader.SyncAsync("/zookeeper/config");
            var (data, stat) = await reader.GetDataAsync("/zookeeper/config");
            finalText = Encoding.UTF8.GetString(data ?? []);
            finalVersion = stat.Mzxid;
        }
        Assert.DoesNotContain($"server.{leader.Id}=", finalText);
        Assert.Contains(joinerLine + "\n", finalText);
        Assert.EndsWith("version=" + finalVersion.ToString("x", CultureInfo.InvariantCulture), finalText);
        if (answered is not null) Assert.Equal(answered, finalText);
        string version = finalVersion.ToString("x", CultureInfo.InvariantCulture);
        foreach (var member in remaining)
        {
            await ReconfigSteps.AssertHasAllAsync(member, acknowledged);
            await using var client = await EnsembleClient.ConnectAsync(member.ConnectString);
            var (config, stat) = await client.GetDataAsync("/zookeeper/config");
            Assert.Equal(finalText, Encoding.UTF8.GetString(config ?? []));
            Assert.Equal(finalVersion, stat.Mzxid);
            var dynamicFile = Path.Combine(member.RootDir, "zoo.cfg.dynamic." + version);
            Assert.True(File.Exists(dynamicFile), $"server {member.Id} has no {dynamicFile}");
            Assert.Contains("dynamicConfigFile=" + dynamicFile, File.ReadAllText(member.ConfigPath));
        }
        Assert.True(acknowledged.Count > 0, "no write was acknowledged");
    }

    /// <summary>
    /// Against both: the membership is replaced the same way, and the server left out goes on as a non-voting follower.
    /// </summary>
    [Theory]
    [InlineData(ServerKinds.Apache)]
    [InlineData(ServerKinds.Keeper)]
    public async Task A_non_incremental_reconfig_from_keeper_cli_replaces_the_membership(string kind)
    {
        await using var ensemble = ReconfigEnsemble([kind, kind, kind]);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        var leftOut = ensemble.Members.First(m => m.Id != leader.Id);
        var kept = ensemble.Members.Where(m => m != leftOut).ToList();
        string members = string.Join(",", kept.Select(m => $"server.{m.Id}={m.Address}:{m.QuorumPort}:{m.ElectionPort};{m.Address}:{m.ClientPort}"));

        var result = await ReconfigCli.KeeperCliAsync(leader, "addauth digest super:secret", "reconfig -members " + members);
        string expectedLines = string.Join('\n', kept.Select(m => $"server.{m.Id}={m.Address}:{m.QuorumPort}:{m.ElectionPort}:participant;{m.Address}:{m.ClientPort}"));
        Assert.Contains("Committed new configuration:\n" + expectedLines + "\nversion=", result.StdOut);

        await Task.Delay(2000);
        Assert.Equal("follower", await leftOut.ModeAsync());
        foreach (var member in kept)
        {
            await using var client = await EnsembleClient.ConnectAsync(member.ConnectString);
            var (config, _) = await client.GetDataAsync("/zookeeper/config");
            Assert.StartsWith(expectedLines + "\nversion=", Encoding.UTF8.GetString(config ?? []));
            await client.CreateAsync($"/after{member.Id}", "x"); // two voters of two: writes still commit
        }
    }
}
