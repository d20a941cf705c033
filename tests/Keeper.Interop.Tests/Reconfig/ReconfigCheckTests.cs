using System.Globalization;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Reconfig;

/// <summary>
/// The reconfig op's refusals, through a follower, against Apache ZooKeeper 3.8 and ours with the same zoo.cfg, with
/// zkCli.sh and with <c>keeper cli</c>: each gets Apache's error in Apache's order of checks, and the membership in
/// /zookeeper/config does not change.
/// </summary>
public sealed class ReconfigCheckTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    // "super:secret", as DigestAuthenticationProvider.generateDigest writes it.
    private const string SuperDigest = "super:lK75jTNcA+U9vtVEw5vB51mj/w4=";

    [Theory]
    [InlineData(ServerKinds.Apache)]
    [InlineData(ServerKinds.Keeper)]
    public async Task Malformed_stale_unauthorised_and_unsynced_reconfigs_get_Apaches_errors_and_change_nothing(string kind)
    {
        await using var ensemble = ReconfigSteps.ReconfigEnsemble([kind, kind, kind]);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        var follower = ensemble.Members.First(m => m.Id != leader.Id);
        string version = (long.Parse(File.ReadAllText(Path.Combine(leader.DataDir, "version-2", "currentEpoch")).Trim(), CultureInfo.InvariantCulture) << 32)
            .ToString("x", CultureInfo.InvariantCulture);
        string config = string.Join('\n', ensemble.Members.Select(m => $"server.{m.Id}={m.Address}:{m.QuorumPort}:{m.ElectionPort}:participant"))
            + "\nversion=" + version;
        string[] script =
        [
            "reconfig -remove 3",                                           // valid, but only super may: the ACL is checked last
            "reconfig -remove abc",                                         // Long.parseLong fails: MarshallingError
            "reconfig -add server.4=bad",                                   // not host:port:port
            "reconfig -add server.4=127.0.0.5:2888:3888",                   // no client port
            "reconfig -v 5 -remove 3",                                      // not the last seen version
            "reconfig -members server.1=127.0.0.2:2888:3888;2191",          // fewer than two voters
            "addauth digest super:secret",
            // Six voters need four synced; only the three running are.
            "reconfig -add server.4=127.0.0.5:2888:3888;2191,server.5=127.0.0.6:2888:3888;2191,server.6=127.0.0.7:2888:3888;2191",
            "config",
        ];
        string[] expected =
        [
            "Insufficient permission : ",
            "KeeperErrorCode = MarshallingError",
            "Arguments are not valid : ",
            "Arguments are not valid : ",
            "version No is not valid : ",
            "Arguments are not valid : ",
            "No quorum of new config is connected and up-to-date with the leader of last committed config - try invoking reconfiguration after new servers are connected and synced",
            .. config.Split('\n'),
        ];

        var zkCli = await ReconfigCli.ZkCliAsync(follower, script);
        Assert.True(expected.SequenceEqual(Messages(zkCli.StdOut)), $"zkCli.sh:\n{zkCli.StdOut}\n{ensemble.Diagnostics()}");
        var ours = await ReconfigCli.KeeperCliAsync(follower, script);
        Assert.True(expected.SequenceEqual(Messages(ours.StdOut)), $"keeper cli:\n{ours.StdOut}\n{ensemble.Diagnostics()}");
    }

    [Theory]
    [InlineData(ServerKinds.Apache)]
    [InlineData(ServerKinds.Keeper)]
    public async Task Without_reconfigEnabled_even_the_super_user_gets_ReconfigDisabled(string kind)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, kind], new Dictionary<string, string>
        {
            ["tickTime"] = "500", ["DigestAuthenticationProvider.superDigest"] = SuperDigest,
        });
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        string[] script = ["addauth digest super:secret", "reconfig -remove 3"];

        var zkCli = await ReconfigCli.ZkCliAsync(leader, script);
        Assert.True(Messages(zkCli.StdOut).SequenceEqual(["KeeperErrorCode = Reconfig is disabled"]), $"zkCli.sh:\n{zkCli.StdOut}");
        var ours = await ReconfigCli.KeeperCliAsync(leader, script);
        Assert.True(Messages(ours.StdOut).SequenceEqual(["KeeperErrorCode = Reconfig is disabled"]), $"keeper cli:\n{ours.StdOut}");
    }

    // The lines that answer the script: errors and the config text, without the shells' prompts, logging and events.
    private static List<string> Messages(string output)
    {
        string[] starts = ["Insufficient permission", "KeeperErrorCode", "Arguments are not valid", "version No is not valid", "No quorum of new config", "server.", "version=", "Committed new configuration"];
        var lines = new List<string>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            // zkCli's prompt may precede the answer on the same line.
            int prompt = line.LastIndexOf("] ", StringComparison.Ordinal);
            if (line.StartsWith("[zk:", StringComparison.Ordinal) && prompt >= 0) line = line[(prompt + 2)..];
            if (starts.Any(s => line.StartsWith(s, StringComparison.Ordinal))) lines.Add(line);
        }
        return lines;
    }
}
