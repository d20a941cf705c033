using Keeper.Server.Config;

namespace Keeper.Server.Tests.Config;

/// <summary>dynamicConfigFile as ZooKeeper 3.8's QuorumPeerConfig reads it (the messages are checked against Apache's).</summary>
public class DynamicConfigFileTests
{
    private const string Static = "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/data\nclientPort=2181\nreconfigEnabled=true\n";

    private const string ThreeServers =
        "server.1=127.0.0.2:2888:3888:participant;127.0.0.2:2181\nserver.2=127.0.0.3:2888:3888:participant;127.0.0.3:2181\n"
        + "server.3=127.0.0.4:2888:3888:participant;127.0.0.4:2181";

    private static ServerConfig Parse(string staticText, string dynamicPath, string dynamicText) =>
        ZooCfgParser.ParseText(staticText + "dynamicConfigFile=" + dynamicPath + "\n", "zoo.cfg", _ => "2", _ => { },
            path => path == dynamicPath ? dynamicText : throw new FileNotFoundException(path));

    private static ConfigException Error(string staticText, string dynamicPath, string dynamicText) =>
        Assert.Throws<ConfigException>(() => Parse(staticText, dynamicPath, dynamicText));

    [Fact]
    public void The_server_lines_come_from_the_dynamic_file_and_the_version_from_its_name()
    {
        var config = Parse(Static, "/conf/zoo.cfg.dynamic.100000000", ThreeServers);

        Assert.Equal([1L, 2L, 3L], config.Servers.Select(s => s.Id));
        Assert.Equal(0x100000000, config.ConfigVersion);
        Assert.Equal("/conf/zoo.cfg.dynamic.100000000", config.DynamicConfigFile);
        Assert.True(config.IsDistributed);
        Assert.Equal(2, config.ServerId);
        Assert.Equal(2181, config.ClientPort);
    }

    [Fact]
    public void A_file_name_without_a_hex_suffix_is_version_0()
    {
        Assert.Equal(0, Parse(Static, "/conf/zoo.cfg.dynamic", ThreeServers).ConfigVersion);
    }

    [Fact]
    public void A_version_line_inside_the_file_is_refused()
    {
        Assert.Equal("/conf/d.1:4: version: dynamic file shouldn't have version inside",
            Error(Static, "/conf/d.1", ThreeServers + "\nversion=1").Message);
    }

    [Fact]
    public void Another_key_in_the_file_is_refused()
    {
        Assert.Equal("/conf/d.1:1: tickTime: Unrecognised parameter: tickTime",
            Error(Static, "/conf/d.1", "tickTime=2000\n" + ThreeServers).Message);
    }

    [Fact]
    public void A_server_line_left_in_zoo_cfg_is_refused()
    {
        Assert.Equal("zoo.cfg:7: parameter: server.9 must be in a separate dynamic config file",
            Error(Static + "server.9=127.0.0.9:2888:3888\n", "/conf/d.1", ThreeServers).Message);
    }

    [Fact]
    public void A_missing_dynamic_file_stops_startup_naming_it()
    {
        var e = Assert.Throws<ConfigException>(() => ZooCfgParser.ParseText(
            Static + "dynamicConfigFile=/nonexistent/zoo.cfg.dynamic.1\n", "zoo.cfg", _ => "2", _ => { }));
        Assert.StartsWith("/nonexistent/zoo.cfg.dynamic.1: cannot read the dynamic config file", e.Message);
    }

    [Fact]
    public void Standalone_disabled_makes_one_server_an_ensemble()
    {
        var config = Parse(Static + "standaloneEnabled=false\n", "/conf/d.0", "server.2=127.0.0.3:2888:3888;2181");

        Assert.True(config.IsDistributed);
        Assert.Equal(2, config.ServerId);
    }

    [Fact]
    public void One_server_with_standalone_enabled_runs_standalone()
    {
        Assert.False(Parse(Static, "/conf/d.0", "server.2=127.0.0.3:2888:3888;2181").IsDistributed);
    }

    [Fact]
    public void Zoo_cfg_dynamic_next_holds_the_sorted_server_lines_and_the_version_as_Apache_writes_it()
    {
        var proposed = Keeper.Server.Reconfig.Membership.Parse(ThreeServers + "\nversion=100000003", "a reconfig txn");

        Assert.Equal(ThreeServers + "\nversion=100000003", proposed.ToNextFileText());
        Assert.Equal(ThreeServers, proposed.ToDynamicFileText());
        Assert.Equal("/conf/zoo.cfg.dynamic.next", Keeper.Server.Reconfig.StaticConfigFile.NextFileName("/conf/zoo.cfg"));
    }
}
