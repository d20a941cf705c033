using Keeper.Server.Config;

namespace Keeper.Server.Tests.Config;

public class ServerLineTests
{
    private const string Quorum = "dataDir=/data\nclientPort=2181\ninitLimit=10\nsyncLimit=5\n";

    private static QuorumServer Server(string line, int id = 1) =>
        ZooCfg.Parse(Quorum + line + "\nserver.8=h8:2888:3888\nserver.9=h9:2888:3888\n", myId: "9").Servers.Single(s => s.Id == id);

    private static string ErrorFor(string line) =>
        ZooCfg.Error(Quorum + line + "\nserver.8=h8:2888:3888\nserver.9=h9:2888:3888\n", myId: "9").Message;

    [Fact]
    public void A_plain_line_gives_host_ports_and_the_participant_role()
    {
        Assert.Equal(new QuorumServer(1, "zk-0.zk-hs", 2888, 3888, LearnerType.Participant, null, null), Server("server.1=zk-0.zk-hs:2888:3888"));
    }

    [Fact]
    public void An_observer_role_is_read()
    {
        Assert.Equal(LearnerType.Observer, Server("server.1=h:2888:3888:observer").Type);
    }

    [Fact]
    public void A_client_port_alone_binds_all_addresses()
    {
        var server = Server("server.1=h:2888:3888;2181");

        Assert.Equal(("0.0.0.0", (int?)2181), (server.ClientHost, server.ClientPort));
    }

    [Fact]
    public void A_client_host_and_port_are_read()
    {
        var server = Server("server.1=h:2888:3888:participant;10.0.0.1:2182");

        Assert.Equal(("10.0.0.1", (int?)2182), (server.ClientHost, server.ClientPort));
    }

    [Fact]
    public void An_ipv6_host_in_brackets_is_read()
    {
        Assert.Equal("fe80::1", Server("server.1=[fe80::1]:2888:3888").Host);
    }

    [Fact]
    public void The_config_value_prints_like_zookeepers_membership_string()
    {
        Assert.Equal("h:2888:3888:participant;10.0.0.1:2182", Server("server.1=h:2888:3888;10.0.0.1:2182").ToConfigValue());
    }

    [Fact]
    public void An_ipv6_host_goes_back_into_brackets_when_printed()
    {
        Assert.Equal("server.1=[fe80::1]:2888:3888:participant", Server("server.1=[fe80::1]:2888:3888").ToConfigLine());
    }

    [Fact]
    public void A_line_with_too_few_parts_is_refused_with_the_expected_form()
    {
        Assert.Equal(
            "zoo.cfg:5: server.1: 'h:2888' does not have the form host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]",
            ErrorFor("server.1=h:2888"));
    }

    [Fact]
    public void A_non_numeric_quorum_port_is_refused()
    {
        Assert.Equal("zoo.cfg:5: server.1: quorum port 'x' is not a valid port (1-65535)", ErrorFor("server.1=h:x:3888"));
    }

    [Fact]
    public void Equal_quorum_and_election_ports_are_refused()
    {
        Assert.Equal("zoo.cfg:5: server.1: quorum port and election port must be different (both are 2888)", ErrorFor("server.1=h:2888:2888"));
    }

    [Fact]
    public void An_unknown_role_is_refused()
    {
        Assert.Equal("zoo.cfg:5: server.1: unknown peer type 'witness' (use participant or observer)", ErrorFor("server.1=h:2888:3888:witness"));
    }

    [Fact]
    public void A_non_numeric_server_id_is_refused()
    {
        Assert.Equal("zoo.cfg:5: server.one: 'one' is not a server id (expected server.<number>)", ErrorFor("server.one=h:2888:3888"));
    }

    [Fact]
    public void Multiple_addresses_are_refused()
    {
        Assert.Equal("zoo.cfg:5: server.1: multiple addresses per server are not supported", ErrorFor("server.1=a:2888:3888|b:2888:3888"));
    }

    [Fact]
    public void A_bad_client_port_is_refused()
    {
        Assert.Equal("zoo.cfg:5: server.1: client port '99999' is not a valid port (1-65535)", ErrorFor("server.1=h:2888:3888;99999"));
    }
}
