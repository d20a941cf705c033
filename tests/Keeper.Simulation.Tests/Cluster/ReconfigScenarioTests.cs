namespace Keeper.Simulation.Tests.Cluster;

/// <summary>Reconfig on the simulated ensemble: the real QuorumPeer, Leader and Learner under clients and faults.</summary>
public class ReconfigScenarioTests
{
    private static Simulation Ensemble(int seed)
    {
        var sim = new Simulation(seed, new SimOptions
        {
            Voters = 5, Clients = 5,
            Zab = new Keeper.Consensus.Zab.ZabOptions(TickTime: 200, InitLimit: 10, SyncLimit: 5, HistoryCapacity: 1_000),
        });
        sim.StopClients();
        sim.StartAll();
        Assert.True(sim.RunUntil(sim.AllServing, 10_000), "the ensemble never formed\n" + sim.Trace.Tail(40));
        return sim;
    }

    /// <summary>A formed ensemble with its clients writing for a second, and its leader.</summary>
    private static (Simulation Sim, SimServer Leader) UnderWrites(int seed)
    {
        var sim = Ensemble(seed);
        sim.StartClients();
        sim.RunFor(1_000);
        return (sim, sim.ServingLeader()!);
    }

    /// <summary>The clients have stopped: every acknowledged write is in every replica and the histories are linearizable.</summary>
    private static void AssertNoAcknowledgedWriteLost(Simulation sim)
    {
        var failure = SeededRun.FinalChecks(sim, out _);
        Assert.True(failure is null, failure + "\n" + sim.Trace.Tail(60));
    }

    // The servers' side of the trace (the clients' lines crowd it out in a failure message).
    private static string ServerLines(Simulation sim, int count) =>
        string.Join('\n', sim.Trace.All().Split('\n').Where(l => l.Contains(" s") && !l.Contains(" c")).TakeLast(count));

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 20));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Removing_the_leader_and_a_follower_under_writes_moves_the_quorum_to_the_other_three_the_two_follow_without_a_vote_and_no_acknowledged_write_is_lost(int seed)
    {
        var (sim, leader) = UnderWrites(seed);
        var follower = sim.Servers.First(s => s != leader);
        long[] rest = sim.Servers.Where(s => s != leader && s != follower).Select(s => s.Id).ToArray();

        Assert.True(leader.ProposeReconfig(rest), "the leader could not propose");
        Assert.True(sim.RunUntil(() => sim.ServingLeader() is { } l && rest.Contains(l.Id) && rest.All(id => sim.Server(id).IsServing), 20_000),
            "the other three never served together\n" + sim.Trace.Tail(60));
        Assert.True(sim.Counters.GetValueOrDefault("reconfig activated") >= rest.Length, sim.Trace.Tail(40));
        // The three went straight to the leader the old one designated (Apache's reconfigFlag), not through an election.
        Assert.True(sim.Counters.GetValueOrDefault("role from a reconfig's designation") >= rest.Length, ServerLines(sim, 60));
        int answered = sim.History.Answered;
        sim.RunFor(1_500);
        Assert.True(sim.History.Answered > answered, "nobody is answered after the reconfig\n" + sim.Trace.Tail(40));
        foreach (var id in rest) Assert.Equal(rest.Order(), sim.Server(id).Membership.Voters);
        // As Apache's: the two removed servers go on as non-voting followers of the new leader, with its membership.
        var newLeader = sim.ServingLeader()!;
        Assert.True(sim.RunUntil(() => new[] { leader, follower }.All(s => s.IsServing && s.Peer!.Leader is null && s.Peer.LeaderId == newLeader.Id), 10_000),
            "the removed servers do not follow the new leader\n" + ServerLines(sim, 60));
        Assert.Equal(rest.Order(), leader.Membership.Voters);
        Assert.Equal(rest.Order(), follower.Membership.Voters);

        sim.StopClients();
        Assert.True(sim.RunUntil(() => sim.Clients.All(c => c.Idle), 5_000), sim.Trace.Tail(40));
        sim.RunFor(1_000);
        AssertNoAcknowledgedWriteLost(sim);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_reconfig_two_new_voters_logged_before_its_leader_crashed_is_completed_by_the_next_epoch(int seed)
    {
        var (sim, leader) = UnderWrites(seed);
        long[] rest = sim.Servers.Where(s => s != leader).Select(s => s.Id).Take(3).ToArray();
        long reconfig = leader.Peer!.Leader!.NextZxid;
        Assert.True(leader.ProposeReconfig(rest));
        Assert.True(sim.RunUntil(() => rest.Count(id => sim.Server(id).Disk.LastZxid >= reconfig) >= 2, 5_000, stepMs: 1),
            "the reconfig never reached two of its voters\n" + sim.Trace.Tail(40));
        bool committedFirst = sim.Counters.GetValueOrDefault("reconfig activated") > 0;
        leader.Crash();

        // Any next leader has the txn (two of the four live voters logged it, and a quorum of three elects), so it is
        // committed: by the old leader if its acks came in first, else by the next epoch, which completes it.
        Assert.True(sim.RunUntil(() => sim.ServingLeader() is { } l && rest.Contains(l.Id) && rest.All(id => sim.Server(id).IsServing), 20_000),
            "the new voters never served together\n" + ServerLines(sim, 80));
        Assert.True(committedFirst || sim.Counters.GetValueOrDefault("reconfig inherited") > 0,
            "the reconfig took effect without being committed or inherited\n" + sim.Trace.Tail(60));
        sim.StopClients();
        sim.HealAll();
        Assert.True(sim.RunUntil(() => sim.Clients.All(c => c.Idle), 5_000), sim.Trace.Tail(40));
        sim.RunFor(3_000);
        foreach (var s in sim.Servers.Where(s => s.IsServing))
            Assert.True(rest.Order().SequenceEqual(s.Membership.Voters), $"s{s.Id} serves with voters {string.Join(",", s.Membership.Voters)}\n" + sim.Trace.Tail(60));
        AssertServesOnlyAsANonVotingFollower(sim, leader, rest);
        AssertNoAcknowledgedWriteLost(sim);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_reconfig_whose_leader_crashes_before_the_commit_is_completed_by_the_next_leader_that_has_it_and_loses_no_acknowledged_write(int seed)
    {
        var (sim, leader) = UnderWrites(seed);
        long[] all = sim.Servers.Select(s => s.Id).Order().ToArray();
        long[] rest = sim.Servers.Where(s => s != leader).Select(s => s.Id).Take(3).ToArray();
        long reconfig = leader.Peer!.Leader!.NextZxid;
        Assert.True(leader.ProposeReconfig(rest));
        leader.Crash();

        // The next leader has the reconfig txn or not. If it has it, its epoch completes it (Apache's lastSeen quorum
        // verifier in NEWLEADER): every server serving afterwards runs the new membership. If not, the txn is gone and
        // the old membership stays. Either way the ensemble serves and keeps every acknowledged write.
        Assert.True(sim.RunUntil(() => sim.ServingLeader() is { } l && l != leader, 20_000), "no new leader\n" + sim.Trace.Tail(60));
        sim.RunFor(1_000);
        sim.StopClients();
        sim.HealAll();
        Assert.True(sim.RunUntil(() => sim.Clients.All(c => c.Idle), 5_000), sim.Trace.Tail(40));
        sim.RunFor(3_000);
        var now = sim.ServingLeader();
        Assert.True(now is not null, "nobody leads at the end\n" + sim.Trace.Tail(60));
        bool completed = now.State.Applied.Any(a => a.Zxid == reconfig);
        var expected = completed ? rest.Order().ToArray() : all;
        foreach (var s in sim.Servers.Where(s => s.IsServing))
            Assert.True(expected.SequenceEqual(s.Membership.Voters),
                $"s{s.Id} serves with voters {string.Join(",", s.Membership.Voters)}, expected {string.Join(",", expected)} (reconfig {(completed ? "committed" : "lost")})\n" + sim.Trace.Tail(60));
        if (completed) AssertServesOnlyAsANonVotingFollower(sim, leader, rest);
        AssertNoAcknowledgedWriteLost(sim);
    }

    /// <summary>A server the reconfig removed, restarted, comes back (as Apache's does) only as a non-voting follower.</summary>
    private static void AssertServesOnlyAsANonVotingFollower(Simulation sim, SimServer removed, long[] voters)
    {
        Assert.True(sim.RunUntil(() => removed.IsServing, 10_000), $"s{removed.Id}, removed, never followed again\n" + ServerLines(sim, 60));
        Assert.True(removed.Peer!.Leader is null, $"s{removed.Id}, removed, leads\n" + ServerLines(sim, 60));
        Assert.Contains(removed.Peer.LeaderId, voters);
        Assert.Equal(voters.Order(), removed.Membership.Voters);
    }
}
