using Keeper.Server.Config;

namespace Keeper.Server.Tests.Config;

public class QuorumConfigTests
{
    [Fact]
    public void The_server_id_comes_from_the_myid_file()
    {
        Assert.Equal(2, ZooCfg.Parse(ZooCfg.Tutorial, myId: "2\n").ServerId);
    }

    [Fact]
    public void The_myid_file_is_read_from_the_data_dir()
    {
        string? asked = null;
        ZooCfgParser.ParseText(ZooCfg.Tutorial, "zoo.cfg", path => { asked = path; return "1"; }, _ => { });

        Assert.Equal(Path.Combine("/var/lib/zookeeper/data", "myid"), asked);
    }

    [Fact]
    public void Self_is_this_servers_own_line()
    {
        Assert.Equal("zk-2.zk-hs.default.svc.cluster.local", ZooCfg.Parse(ZooCfg.Tutorial, myId: "3").Self?.Host);
    }

    [Fact]
    public void A_real_myid_file_on_disk_is_read()
    {
        var dir = Directory.CreateTempSubdirectory("keeper-myid-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "myid"), "3\n");
            var text = ZooCfg.Tutorial.Replace("/var/lib/zookeeper/data\n", dir.FullName + "\n", StringComparison.Ordinal);

            Assert.Equal(3, ZooCfgParser.ParseText(text, "zoo.cfg").ServerId);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_myid_file_is_refused()
    {
        Assert.Equal(
            $"zoo.cfg: myid file {Path.Combine("/var/lib/zookeeper/data", "myid")} is missing (required with server.N lines)",
            ZooCfg.Error(ZooCfg.Tutorial, myId: null).Message);
    }

    [Fact]
    public void A_non_numeric_myid_names_the_myid_file()
    {
        Assert.Equal(
            $"{Path.Combine("/var/lib/zookeeper/data", "myid")}:1: myid: 'zk-0' is not a number",
            ZooCfg.Error(ZooCfg.Tutorial, myId: "zk-0").Message);
    }

    [Fact]
    public void A_myid_that_is_not_a_server_is_refused()
    {
        Assert.Equal(
            $"zoo.cfg: myid 4 (from {Path.Combine("/var/lib/zookeeper/data", "myid")}) is not one of the server ids (1, 2, 3)",
            ZooCfg.Error(ZooCfg.Tutorial, myId: "4").Message);
    }

    [Fact]
    public void A_quorum_without_init_limit_is_refused()
    {
        var text = ZooCfg.Tutorial.Replace("initLimit=10\n", "", StringComparison.Ordinal);

        Assert.Equal("zoo.cfg: initLimit is not set (required with server.N lines)", ZooCfg.Error(text, "1").Message);
    }

    [Fact]
    public void A_quorum_without_sync_limit_is_refused()
    {
        var text = ZooCfg.Tutorial.Replace("syncLimit=5\n", "", StringComparison.Ordinal);

        Assert.Equal("zoo.cfg: syncLimit is not set (required with server.N lines)", ZooCfg.Error(text, "1").Message);
    }

    [Fact]
    public void A_single_server_line_runs_standalone_with_a_warning()
    {
        var config = ZooCfg.Parse("dataDir=/d\nclientPort=2181\nserver.1=h:2888:3888\n", null, out var warnings);

        Assert.Equal((false, "zoo.cfg: only one server specified; running standalone"), (config.IsDistributed, warnings.Single()));
    }

    [Fact]
    public void Observers_without_participants_are_refused()
    {
        Assert.Equal("zoo.cfg: observers without participants is an invalid configuration",
            ZooCfg.Error("dataDir=/d\nclientPort=2181\nserver.1=h:2888:3888:observer\n").Message);
    }

    [Fact]
    public void The_own_server_lines_client_port_is_used()
    {
        var config = ZooCfg.Parse("dataDir=/d\ninitLimit=5\nsyncLimit=2\nserver.1=a:2888:3888;2191\nserver.2=b:2888:3888;2192\nserver.3=c:2888:3888\n", "2");

        Assert.Equal(2192, config.ClientPort);
    }

    [Fact]
    public void A_client_port_differing_from_the_own_server_line_is_refused()
    {
        Assert.Equal("zoo.cfg: clientPort 2181 differs from the client port 2192 on server.2",
            ZooCfg.Error("dataDir=/d\nclientPort=2181\ninitLimit=5\nsyncLimit=2\nserver.1=a:2888:3888\nserver.2=b:2888:3888;2192\nserver.3=c:2888:3888\n", "2").Message);
    }

    [Fact]
    public void The_server_list_decides_the_role_when_peer_type_disagrees()
    {
        var config = ZooCfg.Parse(ZooCfg.Tutorial + "\nserver.4=zk-3:2888:3888:observer\npeerType=participant\n", "4", out var warnings);

        Assert.Equal((LearnerType.Observer, true), (config.PeerType, warnings.Any(w => w.Contains("peerType", StringComparison.Ordinal))));
    }

    [Fact]
    public void Servers_are_sorted_by_id()
    {
        var config = ZooCfg.Parse("dataDir=/d\nclientPort=1\ninitLimit=5\nsyncLimit=2\nserver.3=c:2888:3888\nserver.1=a:2888:3888\nserver.2=b:2888:3888\n", "1");

        Assert.Equal([1L, 2L, 3L], config.Servers.Select(s => s.Id));
    }
}
