using System.Globalization;
using System.Text;
using Keeper.Interop.Tests.Ensemble;
using Keeper.Protocol.Records;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Reconfig;

/// <summary>
/// The membership an ensemble publishes, against Apache ZooKeeper 3.8 and ours with the same zoo.cfg:
/// <c>/zookeeper/config</c> (text, stat, ACL), the <c>config</c> command, and with <c>reconfigEnabled=true</c> the
/// first leader's version (epoch &lt;&lt; 32), <c>zoo.cfg.dynamic.&lt;version&gt;</c>, zoo.cfg pointing at it and zoo.cfg.bak.
/// </summary>
public sealed class MembershipConfigTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(ServerKinds.Apache)]
    [InlineData(ServerKinds.Keeper)]
    public async Task With_reconfig_enabled_the_first_leader_versions_the_membership_and_every_member_moves_it_to_a_dynamic_file(string kind)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, kind],
            new Dictionary<string, string> { ["tickTime"] = "500", ["reconfigEnabled"] = "true" });
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        long version = EpochZxid(leader);
        string lines = string.Join('\n', ensemble.Members.Select(m => $"server.{m.Id}={m.Address}:{m.QuorumPort}:{m.ElectionPort}:participant"));
        string expected = lines + "\nversion=" + version.ToString("x", CultureInfo.InvariantCulture);

        foreach (var member in ensemble.Members)
        {
            await AssertConfigNodeAsync(member, expected, version);
            var dynamicFile = Path.Combine(member.RootDir, "zoo.cfg.dynamic." + version.ToString("x", CultureInfo.InvariantCulture));
            Assert.True(File.Exists(dynamicFile), $"no {dynamicFile}\n{ensemble.Diagnostics()}");
            Assert.Equal(lines, File.ReadAllText(dynamicFile));
            var zooCfg = File.ReadAllText(member.ConfigPath);
            Assert.DoesNotContain("server.", zooCfg);
            Assert.Contains("dynamicConfigFile=" + dynamicFile + "\n", zooCfg);
            Assert.Contains("reconfigEnabled=true", zooCfg);
            Assert.Contains("server.1=", File.ReadAllText(member.ConfigPath + ".bak"));
        }

        // zkCli's and our CLI's config command print the same text.
        var zkCli = await ReconfigCli.ZkCliAsync(ensemble[1], "config");
        Assert.Contains(expected + "\n", zkCli.StdOut);
        var ours = await ReconfigCli.KeeperCliAsync(ensemble[1], "config");
        Assert.Contains(expected + "\n", ours.StdOut);

        // A follower restarted on the rewritten zoo.cfg reads the dynamic file back: same members, same version.
        var follower = ensemble.Members.First(m => m.Id != leader.Id);
        await follower.StopAsync();
        follower.Start();
        await ensemble.WaitForQuorumAsync(Settle);
        await AssertConfigNodeAsync(follower, expected, version);
    }

    [Theory]
    [InlineData(ServerKinds.Apache)]
    [InlineData(ServerKinds.Keeper)]
    public async Task Without_reconfig_the_membership_is_published_as_version_0_and_zoo_cfg_stays(string kind)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, kind], new Dictionary<string, string> { ["tickTime"] = "500" });
        var before = File.ReadAllText(ensemble[1].ConfigPath);
        ensemble.StartAll();
        await ensemble.WaitForQuorumAsync(Settle);
        string expected = string.Join('\n', ensemble.Members.Select(m => $"server.{m.Id}={m.Address}:{m.QuorumPort}:{m.ElectionPort}:participant"))
            + "\nversion=0";

        foreach (var member in ensemble.Members) await AssertConfigNodeAsync(member, expected, 0);
        Assert.Equal(before, File.ReadAllText(ensemble[1].ConfigPath));
        Assert.DoesNotContain(Directory.GetFiles(ensemble[1].RootDir), f => Path.GetFileName(f).StartsWith("zoo.cfg.", StringComparison.Ordinal));
    }

    private static async Task AssertConfigNodeAsync(EnsembleMember member, string expected, long version)
    {
        await using var client = await EnsembleClient.ConnectAsync(member.ConnectString);
        var (data, stat) = await client.GetDataAsync("/zookeeper/config");
        Assert.Equal(expected, Encoding.UTF8.GetString(data ?? []));
        Assert.Equal(version, stat.Mzxid);
        Assert.Equal(0, stat.Czxid);
        Assert.Equal(-1, stat.Version);
        Assert.Equal(-1, stat.Aversion);
        var (acl, _) = await client.GetAclAsync("/zookeeper/config");
        Assert.Equal(Acls.ReadAclUnsafe, acl);
    }

    // The leader's epoch as a zxid (epoch << 32), from its currentEpoch file.
    private static long EpochZxid(EnsembleMember leader) =>
        long.Parse(File.ReadAllText(Path.Combine(leader.DataDir, "version-2", "currentEpoch")).Trim(), CultureInfo.InvariantCulture) << 32;
}
