using Keeper.Server.FourLetterWords;
using static Keeper.Server.Tests.FourLetterWords.SampleValues;

namespace Keeper.Server.Tests.FourLetterWords;

public class StatTextTests
{
    private static readonly ServerStateSnapshot Fresh = new()
    {
        Version = ApacheVersion,
        NodeCount = 5,
        AliveConnections = 1,
    };

    [Fact]
    public void Srvr_on_a_fresh_server_matches_apache()
    {
        var snapshot = Fresh with { PacketsReceived = 2, PacketsSent = 1 };

        Assert.Equal(ApacheSamples.FreshSrvr, FourLetterWordHandler.Run("srvr", snapshot));
    }

    [Fact]
    public void Srvr_prints_the_average_latency_as_a_java_double_rounded_to_four_places()
    {
        var snapshot = Fresh with
        {
            Latency = Latency(count: 16, total: 38, min: 0, max: 14),
            PacketsReceived = 32,
            PacketsSent = 32,
            AliveConnections = 3,
            LastProcessedZxid = 6,
            NodeCount = 9,
        };

        Assert.Equal(ApacheSamples.BusySrvr, FourLetterWordHandler.Run("srvr", snapshot));
    }

    [Fact]
    public void Srvr_on_a_follower_matches_apache()
    {
        var snapshot = Fresh with
        {
            ServerState = "follower",
            Latency = Latency(count: 7, total: 83, min: 1, max: 36),
            PacketsReceived = 13,
            PacketsSent = 14,
            AliveConnections = 2,
            LastProcessedZxid = 0x100000003,
            NodeCount = 7,
        };

        Assert.Equal(ApacheSamples.FollowerSrvr, FourLetterWordHandler.Run("srvr", snapshot));
    }

    [Fact]
    public void Srvr_on_a_read_only_server_says_so_after_the_version_line()
    {
        var snapshot = Fresh with { IsReadOnly = true, ServerState = "read-only" };

        var lines = FourLetterWordHandler.Run("srvr", snapshot).Split('\n');

        Assert.Equal("READ-ONLY mode; serving only read-only clients", lines[1]);
    }

    [Fact]
    public void Stat_on_a_fresh_server_lists_the_asking_connection_then_a_blank_line()
    {
        var snapshot = Fresh with
        {
            PacketsReceived = 3,
            PacketsSent = 2,
            Connections = [FourLetterConnection("127.0.0.1:60010")],
        };

        Assert.Equal(ApacheSamples.FreshStat, FourLetterWordHandler.Run("stat", snapshot));
    }

    [Fact]
    public void Stat_lists_clients_in_the_brief_form_with_interest_ops()
    {
        var snapshot = Fresh with
        {
            Latency = Latency(count: 17, total: 38, min: 0, max: 14),
            PacketsReceived = 34,
            PacketsSent = 34,
            AliveConnections = 3,
            LastProcessedZxid = 6,
            NodeCount = 9,
            Connections =
            [
                new(Endpoint("127.0.0.1:56702")) { InterestOps = 1, PacketsReceived = 13, PacketsSent = 13, SessionId = 0x100000635130000 },
                new(Endpoint("127.0.0.1:56712")) { InterestOps = 1, PacketsReceived = 4, PacketsSent = 4, SessionId = 0x100000635130001 },
                FourLetterConnection("127.0.0.1:56720"),
            ],
        };

        Assert.Equal(ApacheSamples.BusyStat, FourLetterWordHandler.Run("stat", snapshot));
    }

    [Fact]
    public void Stat_on_a_leader_adds_the_proposal_sizes()
    {
        var snapshot = Fresh with
        {
            ServerState = "leader",
            PacketsReceived = 5,
            PacketsSent = 6,
            LastProcessedZxid = 0x100000003,
            NodeCount = 7,
            ProposalSizes = new ProposalSizes(Last: 88, Min: 48, Max: 88),
            Connections = [FourLetterConnection("127.0.0.1:42544")],
        };

        Assert.Equal(ApacheSamples.LeaderStat, FourLetterWordHandler.Run("stat", snapshot));
    }

    [Fact]
    public void A_leader_without_proposals_prints_minus_one_sizes()
    {
        var snapshot = Fresh with { ServerState = "leader" };

        Assert.EndsWith("Proposal sizes last/min/max: -1/-1/-1\n", FourLetterWordHandler.Run("srvr", snapshot));
    }

    [Fact]
    public void Cons_on_a_fresh_server_lists_only_the_asking_connection()
    {
        var snapshot = Fresh with { Connections = [FourLetterConnection("127.0.0.1:60026")] };

        Assert.Equal(ApacheSamples.FreshCons, FourLetterWordHandler.Run("cons", snapshot));
    }

    [Fact]
    public void Cons_shows_session_details_with_integer_average_latency()
    {
        var snapshot = Fresh with
        {
            Connections =
            [
                new(Endpoint("127.0.0.1:56702"))
                {
                    InterestOps = 1, PacketsReceived = 14, PacketsSent = 14, SessionId = 0x100000635130000,
                    LastOperation = "PING", EstablishedMs = 1795498844707, SessionTimeout = 10000, LastCxid = 0xb,
                    LastZxid = 6, LastResponseTime = 458293, LastLatency = 1, Latency = Latency(13, 33, 0, 14),
                },
                new(Endpoint("127.0.0.1:56712"))
                {
                    InterestOps = 1, PacketsReceived = 5, PacketsSent = 5, SessionId = 0x100000635130001,
                    LastOperation = "PING", EstablishedMs = 1795498844735, SessionTimeout = 20000, LastCxid = 3,
                    LastZxid = 6, LastResponseTime = 458461, LastLatency = 1, Latency = Latency(4, 3, 0, 1),
                },
                FourLetterConnection("127.0.0.1:56726"),
            ],
        };

        Assert.Equal(ApacheSamples.BusyCons, FourLetterWordHandler.Run("cons", snapshot));
    }

    [Fact]
    public void Cons_prints_a_zxid_from_a_later_epoch_in_plain_hex()
    {
        var snapshot = Fresh with
        {
            Connections =
            [
                new(Endpoint("127.0.0.1:60778"))
                {
                    InterestOps = 1, PacketsReceived = 8, PacketsSent = 8, SessionId = 0x1000010d6780000,
                    LastOperation = "PING", EstablishedMs = 1795499511639, SessionTimeout = 10000, LastCxid = 3,
                    LastZxid = 0x100000003, LastResponseTime = 1131196, LastLatency = 1, Latency = Latency(7, 70, 0, 36),
                },
                FourLetterConnection("127.0.0.1:43950"),
            ],
        };

        Assert.Equal(ApacheSamples.FollowerCons, FourLetterWordHandler.Run("cons", snapshot));
    }

    [Fact]
    public void Cons_leaves_out_lcxid_before_the_first_reply()
    {
        var snapshot = Fresh with
        {
            Connections = [new(Endpoint("127.0.0.1:1")) { SessionId = 1, LastCxid = -1 }],
        };

        Assert.Equal(
            " /127.0.0.1:1[0](queued=0,recved=0,sent=0,sid=0x1,lop=NA,est=0,to=0,lzxid=0xffffffffffffffff,lresp=0,llat=0,minlat=0,avglat=0,maxlat=0)\n\n",
            FourLetterWordHandler.Run("cons", snapshot));
    }
}
