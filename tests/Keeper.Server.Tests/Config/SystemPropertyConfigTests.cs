using Keeper.Server.Config;

namespace Keeper.Server.Tests.Config;

/// <summary>
/// -Dname=value options (from the command line, SERVER_JVMFLAGS or JVMFLAGS) under zoo.cfg: they apply first, and a
/// key the file sets too takes the file's value, as ZooKeeper's QuorumPeerConfig writes zoo.cfg's keys over system
/// properties (the interop proof against Apache is WhitelistGivenTwiceTests).
/// </summary>
public class SystemPropertyConfigTests
{
    private const string Minimal = "dataDir=/data\nclientPort=2181\n";

    private static ServerConfig Parse(string text, string[] options, out List<string> warnings)
    {
        var collected = new List<string>();
        warnings = collected;
        return ZooCfgParser.ParseText(text, "zoo.cfg", options, _ => null, collected.Add);
    }

    [Fact]
    public void An_option_the_file_does_not_set_applies()
    {
        var config = Parse(Minimal, ["-Dzookeeper.enforceQuota=true"], out var warnings);

        Assert.True(config.EnforceQuota);
        Assert.Empty(warnings);
    }

    [Fact]
    public void The_file_wins_over_an_option_for_the_same_key_and_says_so()
    {
        var config = Parse(Minimal + "enforceQuota=false\n", ["-Dzookeeper.enforceQuota=true"], out var warnings);

        Assert.False(config.EnforceQuota);
        Assert.Equal(["zoo.cfg:3: 'enforceQuota' overrides -Dzookeeper.enforceQuota=true, as in ZooKeeper"], warnings);
    }

    [Fact]
    public void A_bad_option_value_names_the_option_not_a_file_line()
    {
        var error = Assert.Throws<ConfigException>(() => Parse(Minimal, ["-Dzookeeper.enforceQuota=maybe"], out _));

        Assert.Equal("-Dzookeeper.enforceQuota=maybe: zookeeper.enforceQuota: 'maybe' is not a boolean (use true or false)", error.Message);
    }
}
