using System.Globalization;
using System.Text;
using Keeper.Interop.Tests.Ensemble;
using Keeper.TestSupport;
using static Keeper.Interop.Tests.Reconfig.ReconfigSteps;

namespace Keeper.Interop.Tests.Reconfig;

/// <summary>
/// A reconfig whose txn every member logged but that never took effect: the ensemble went down after logging it and
/// before activating it, so each member restarts with the old dynamic file, zoo.cfg pointing at it, and (as Apache
/// leaves it) <c>zoo.cfg.dynamic.next</c> naming the new membership. The first leader after the restart completes it
/// (Apache's lastSeenQuorumVerifier in NEWLEADER): the same on Apache ZooKeeper 3.8 and ours. Ours finds the txn in
/// its log rather than in the .next file, so it would complete it without that file too.
/// </summary>
public sealed class UnactivatedReconfigTests
{
    [Theory]
    [InlineData(ServerKinds.Apache)]
    [InlineData(ServerKinds.Keeper)]
    public async Task A_reconfig_logged_but_never_activated_is_completed_by_the_first_leader_after_a_restart(string kind)
    {
        await using var ensemble = ReconfigEnsemble([kind, kind, kind]);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        // A follower leaves (a leader leaving hands over, which is another test's subject).
        var leaving = ensemble.Members.First(m => m.Id != leader.Id);
        var kept = ensemble.Members.Where(m => m != leaving).ToList();
        // Each member's config files as they are before the reconfig: what a crash before activation leaves.
        var before = kept.ToDictionary(m => m.Id, m => Directory.GetFiles(m.RootDir, "zoo.cfg*").ToDictionary(f => f, File.ReadAllText));

        string newText;
        long version;
        await using (var admin = await EnsembleClient.ConnectAsync(kept[0].ConnectString))
        {
            await admin.AddAuthAsync("digest", Encoding.UTF8.GetBytes("super:secret"));
            await admin.CreateAsync("/before", "b");
            var (removed, stat) = await admin.ReconfigAsync(null, leaving.Id.ToString(CultureInfo.InvariantCulture), null);
            newText = Encoding.UTF8.GetString(removed ?? []);
            version = stat.Mzxid;
            await admin.CreateAsync("/after", "a");
        }
        Assert.DoesNotContain($"server.{leaving.Id}=", newText);
        foreach (var member in ensemble.Members) await member.StopAsync();

        string hex = version.ToString("x", CultureInfo.InvariantCulture);
        foreach (var member in kept)
        {
            foreach (var file in Directory.GetFiles(member.RootDir, "zoo.cfg*")) File.Delete(file);
            foreach (var (file, text) in before[member.Id]) File.WriteAllText(file, text);
            // QuorumPeerConfig.writeDynamicConfig with the version kept: the properties sorted, no newline at the end.
            File.WriteAllText(member.ConfigPath + ".dynamic.next", string.Join('\n', newText.Split('\n').Order(StringComparer.Ordinal)));
        }
        foreach (var member in kept) member.Start();
        await ensemble.WaitForQuorumAsync(Settle, serving: 2);

        foreach (var member in kept)
        {
            await EventuallyAsync(async () =>
            {
                await using var client = await EnsembleClient.ConnectAsync(member.ConnectString);
                var (config, stat) = await client.GetDataAsync("/zookeeper/config");
                return Encoding.UTF8.GetString(config ?? []) == newText && stat.Mzxid == version;
            }, $"server {member.Id} never published membership {hex}\n{ensemble.Diagnostics()}");
            var dynamicFile = Path.Combine(member.RootDir, "zoo.cfg.dynamic." + hex);
            Assert.True(File.Exists(dynamicFile), $"no {dynamicFile}\n{ensemble.Diagnostics()}");
            Assert.Contains("dynamicConfigFile=" + dynamicFile + "\n", File.ReadAllText(member.ConfigPath));
            Assert.False(File.Exists(member.ConfigPath + ".dynamic.next"), $"server {member.Id} kept zoo.cfg.dynamic.next");
            await using var reader = await EnsembleClient.ConnectAsync(member.ConnectString);
            await reader.SyncAsync("/after");
            Assert.Equal("a", Encoding.UTF8.GetString((await reader.GetDataAsync("/after")).Data ?? []));
        }

        // The completed membership is the one in force: both remaining voters are needed for a write.
        await using (var writer = await EnsembleClient.ConnectAsync(string.Join(",", kept.Select(m => m.ConnectString))))
            await writer.CreateAsync("/completed", "c");
    }
}
