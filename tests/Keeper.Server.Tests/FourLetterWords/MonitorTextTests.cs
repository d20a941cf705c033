using Keeper.Server.FourLetterWords;
using static Keeper.Server.Tests.FourLetterWords.SampleValues;

namespace Keeper.Server.Tests.FourLetterWords;

public class MonitorTextTests
{
    private static readonly MonitorGauges FreshGauges = new()
    {
        ApproximateDataSize = 44,
        MaxFileDescriptorCount = 20000,
        OpenFileDescriptorCount = 41,
        Uptime = 24224,
    };

    [Fact]
    public void Mntr_on_a_fresh_standalone_server_matches_apache_line_for_line()
    {
        var snapshot = new ServerStateSnapshot
        {
            Version = ApacheVersion,
            NodeCount = 5,
            AliveConnections = 1,
            PacketsReceived = 11,
            PacketsSent = 10,
            Gauges = FreshGauges,
            Counters = new Dictionary<string, long> { ["bytes_received_count"] = 44 },
            Summaries = new Dictionary<string, SummaryValue>
            {
                ["sync_processor_queue_size"] = new(Count: 1, Sum: 0, Min: 0, Max: 0),
                ["prep_processor_queue_size"] = new(Count: 1, Sum: 0, Min: 0, Max: 0),
                ["snapshottime"] = new(Count: 1, Sum: 1, Min: 1, Max: 1),
                ["dbinittime"] = new(Count: 1, Sum: 10, Min: 10, Max: 10),
                ["startup_snap_load_time"] = new(Count: 1, Sum: 1, Min: 1, Max: 1),
            },
        };

        Assert.Equal(ApacheSamples.FreshMntr, FourLetterWordHandler.Run("mntr", snapshot));
    }

    [Fact]
    public void Mntr_on_a_follower_adds_the_peer_state_and_the_quorum_size()
    {
        var snapshot = new ServerStateSnapshot
        {
            Version = ApacheVersion,
            ServerState = "follower",
            PeerState = "following - broadcast",
            NodeCount = 7,
            AliveConnections = 2,
            Latency = Latency(count: 5, total: 81, min: 1, max: 36),
            PacketsReceived = 8,
            PacketsSent = 7,
            Gauges = new MonitorGauges
            {
                EphemeralsCount = 1, GlobalSessions = 1, LastClientResponseSize = 16, MaxClientResponseSize = 89,
                MinClientResponseSize = 16, WatchCount = 1, MaxFileDescriptorCount = 20000, ApproximateDataSize = 205,
                OpenFileDescriptorCount = 47, Uptime = 20385, QuorumSize = 3,
            },
        };

        Assert.StartsWith(ApacheSamples.FollowerMntrGauges, FourLetterWordHandler.Run("mntr", snapshot));
    }

    [Fact]
    public void Mntr_on_a_leader_interleaves_the_leader_gauges_as_apache_does()
    {
        var snapshot = new ServerStateSnapshot
        {
            Version = ApacheVersion,
            ServerState = "leader",
            PeerState = "leading - broadcast",
            NodeCount = 7,
            AliveConnections = 1,
            PacketsReceived = 3,
            PacketsSent = 2,
            Gauges = new MonitorGauges
            {
                EphemeralsCount = 1, GlobalSessions = 1, MaxFileDescriptorCount = 20000, ApproximateDataSize = 205,
                OpenFileDescriptorCount = 48, Uptime = 34207, QuorumSize = 3,
                Leader = new LeaderGauges(
                    Learners: 2, SyncedFollowers: 2, SyncedNonVotingFollowers: 0, SyncedObservers: 0, PendingSyncs: 0,
                    LeaderUptime: 33794, ProposalSizes: new ProposalSizes(Last: 88, Min: 48, Max: 88)),
            },
        };

        Assert.StartsWith(ApacheSamples.LeaderMntrGauges, FourLetterWordHandler.Run("mntr", snapshot));
    }

    [Fact]
    public void Mntr_leaves_out_file_descriptor_counts_the_platform_cannot_give()
    {
        var text = FourLetterWordHandler.Run("mntr", new ServerStateSnapshot());

        Assert.DoesNotContain("zk_open_file_descriptor_count", text, StringComparison.Ordinal);
        Assert.DoesNotContain("zk_max_file_descriptor_count", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Mntr_prints_extra_counters_after_the_catalogue()
    {
        var snapshot = new ServerStateSnapshot { Counters = new Dictionary<string, long> { ["keeper_custom"] = 7 } };

        Assert.EndsWith("zk_keeper_custom\t7\n", MonitorTextWithoutSummaries(snapshot));
    }

    [Fact]
    public void Mntr_prints_percentiles_for_advanced_summaries()
    {
        var snapshot = new ServerStateSnapshot
        {
            Summaries = new Dictionary<string, SummaryValue>
            {
                ["readlatency"] = new(Count: 3, Sum: 2, Min: 0, Max: 1) { Percentiles = [0, 1, 1, 1] },
            },
        };

        var lines = FourLetterWordHandler.Run("mntr", snapshot).Split('\n')
            .Where(l => l.Contains("_readlatency\t", StringComparison.Ordinal));

        Assert.Equal(
            ["zk_avg_readlatency\t0.6667", "zk_min_readlatency\t0", "zk_max_readlatency\t1", "zk_cnt_readlatency\t3",
             "zk_sum_readlatency\t2", "zk_p50_readlatency\t0", "zk_p95_readlatency\t1", "zk_p99_readlatency\t1",
             "zk_p999_readlatency\t1"],
            lines);
    }

    [Fact]
    public void The_catalogue_makes_a_fresh_mntr_as_long_as_apaches()
    {
        var snapshot = new ServerStateSnapshot { Gauges = FreshGauges };

        Assert.Equal(
            ApacheSamples.FreshMntr.Count(c => c == '\n'),
            FourLetterWordHandler.Run("mntr", snapshot).Count(c => c == '\n'));
    }

    private static string MonitorTextWithoutSummaries(ServerStateSnapshot snapshot)
    {
        var text = FourLetterWordHandler.Run("mntr", snapshot);
        return text[..text.IndexOf("zk_avg_" + MonitorCatalogue.Summaries[0].Name, StringComparison.Ordinal)];
    }
}
