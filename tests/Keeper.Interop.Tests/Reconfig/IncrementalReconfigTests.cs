using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Keeper.Client;
using Keeper.Interop.Tests.Ensemble;
using Keeper.Protocol;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Reconfig;

/// <summary>
/// Incremental reconfig in an ensemble of ours while a client writes: a fourth server joins as a non-voting
/// follower and is added with <c>reconfig -add</c>, then the leader is removed with <c>reconfig -remove</c>; no
/// acknowledged write is lost, every member ends with the same /zookeeper/config and dynamic file, the removed
/// server stops serving and the others elect a new leader.
/// </summary>
public sealed class IncrementalReconfigTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

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
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([first1, second, third, ServerKinds.Keeper], new Dictionary<string, string>
        {
            ["tickTime"] = "500", ["reconfigEnabled"] = "true", ["DigestAuthenticationProvider.superDigest"] = "super:lK75jTNcA+U9vtVEw5vB51mj/w4=",
        });
        var joiner = ensemble[4];
        // The first three know only each other; the joiner knows all four (as an operator would write it). Each starts
        // from a dynamic config file of one version: Apache 3.8.0 restarts its election, and stops listening on its
        // election port, when a notification brings it a newer version while it looks, which a late start would risk.
        foreach (var member in ensemble.Members)
        {
            var known = member.Id == 4 ? ensemble.Members : ensemble.Members.Where(m => m.Id != 4);
            var dynamicFile = member.ConfigPath + ".dynamic.100000000";
            File.WriteAllText(dynamicFile, string.Join('\n', known.Select(m => m.ServerLine)));
            File.WriteAllLines(member.ConfigPath, File.ReadAllLines(member.ConfigPath)
                .Where(l => !l.StartsWith("server.", StringComparison.Ordinal)).Append("dynamicConfigFile=" + dynamicFile));
        }
        var first = ensemble.Members.Where(m => m.Id != 4).ToList();
        foreach (var member in first) member.Start();
        var leader = await ensemble.WaitForQuorumAsync(Settle, serving: 3);
        string connect = string.Join(",", first.Select(m => m.ConnectString));

        await using (var setup = await EnsembleClient.ConnectAsync(connect)) await setup.CreateAsync("/load", "");
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            await using var client = await EnsembleClient.ConnectAsync(connect, sessionTimeoutMs: 30_000);
            for (int n = 0; n < 100_000 && !stop.IsCancellationRequested; n++)
            {
                string path = $"/load/w{n}";
                try
                {
                    await client.CreateAsync(path, "x");
                    acknowledged.Add(path);
                }
                catch (KeeperException e) when (e.Code is ErrorCode.ConnectionLoss or ErrorCode.SessionExpired or ErrorCode.NodeExists)
                {
                    await Task.Delay(50); // unknown outcome: not counted as acknowledged
                }
            }
        });

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
        stop.Cancel();
        await writer;

        // Ours stops serving once removed; Apache's goes on as a non-voting follower.
        if (leader.Kind == ServerKinds.Keeper) Assert.Null(await leader.ModeAsync());
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
            await using var client = await EnsembleClient.ConnectAsync(member.ConnectString);
            await client.SyncAsync("/load");
            var children = (await client.GetChildrenAsync("/load")).ToHashSet();
            var missing = acknowledged.Where(p => !children.Contains(p[6..])).ToList();
            Assert.True(missing.Count == 0, $"server {member.Id} lacks {missing.Count} acknowledged writes, e.g. {string.Join(", ", missing.Take(5))}");
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
    /// Against both: the membership is replaced the same way; the one difference is the server left out, which Apache
    /// 3.8 keeps running as a non-voting follower and ours stops serving.
    /// </summary>
    [Theory]
    [InlineData(ServerKinds.Apache, true)]
    [InlineData(ServerKinds.Keeper, false)]
    public async Task A_non_incremental_reconfig_from_keeper_cli_replaces_the_membership(string kind, bool leftOutServes)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, kind], new Dictionary<string, string>
        {
            ["tickTime"] = "500", ["reconfigEnabled"] = "true", ["DigestAuthenticationProvider.superDigest"] = "super:lK75jTNcA+U9vtVEw5vB51mj/w4=",
        });
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        var leftOut = ensemble.Members.First(m => m.Id != leader.Id);
        var kept = ensemble.Members.Where(m => m != leftOut).ToList();
        string members = string.Join(",", kept.Select(m => $"server.{m.Id}={m.Address}:{m.QuorumPort}:{m.ElectionPort};{m.Address}:{m.ClientPort}"));

        var result = await ReconfigCli.KeeperCliAsync(leader, "addauth digest super:secret", "reconfig -members " + members);
        string expectedLines = string.Join('\n', kept.Select(m => $"server.{m.Id}={m.Address}:{m.QuorumPort}:{m.ElectionPort}:participant;{m.Address}:{m.ClientPort}"));
        Assert.Contains("Committed new configuration:\n" + expectedLines + "\nversion=", result.StdOut);

        await Task.Delay(2000);
        if (leftOutServes) Assert.Equal("follower", await leftOut.ModeAsync());
        else await EventuallyAsync(async () => await leftOut.ModeAsync() is null, "the left-out follower still serves\n" + ensemble.Diagnostics());
        foreach (var member in kept)
        {
            await using var client = await EnsembleClient.ConnectAsync(member.ConnectString);
            var (config, _) = await client.GetDataAsync("/zookeeper/config");
            Assert.StartsWith(expectedLines + "\nversion=", Encoding.UTF8.GetString(config ?? []));
            await client.CreateAsync($"/after{member.Id}", "x"); // two voters of two: writes still commit
        }
    }

    private static async Task<string> EventuallyAsync(Func<Task<string?>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition() is { } done) return done;
            await Task.Delay(250);
        }
        Assert.Fail(failure);
        return "";
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition, string failure) =>
        EventuallyAsync(async () => await condition() ? "ok" : null, failure);
}
