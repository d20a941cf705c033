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

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 20));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Removing_the_leader_and_a_follower_under_writes_moves_the_quorum_to_the_other_three_and_loses_no_acknowledged_write(int seed)
    {
        var sim = Ensemble(seed);
        sim.StartClients();
        sim.RunFor(1_000);
        var leader = sim.ServingLeader()!;
        var follower = sim.Servers.First(s => s != leader);
        long[] rest = sim.Servers.Where(s => s != leader && s != follower).Select(s => s.Id).ToArray();

        Assert.True(leader.ProposeReconfig(rest), "the leader could not propose");
        Assert.True(sim.RunUntil(() => sim.ServingLeader() is { } l && rest.Contains(l.Id) && rest.All(id => sim.Server(id).IsServing), 20_000),
            "the other three never served together\n" + sim.Trace.Tail(60));
        Assert.True(sim.Counters.GetValueOrDefault("reconfig activated") >= rest.Length, sim.Trace.Tail(40));
        int answered = sim.History.Answered;
        sim.RunFor(1_500);
        Assert.True(sim.History.Answered > answered, "nobody is answered after the reconfig\n" + sim.Trace.Tail(40));
        Assert.False(leader.IsServing, "the removed leader still serves");
        Assert.False(follower.IsServing, "the removed follower still serves");
        foreach (var id in rest) Assert.Equal(rest.Order(), sim.Server(id).Membership.Voters);

        sim.StopClients();
        Assert.True(sim.RunUntil(() => sim.Clients.All(c => c.Idle), 5_000), sim.Trace.Tail(40));
        sim.RunFor(1_000);
        var failure = SeededRun.FinalChecks(sim, out _);
        Assert.True(failure is null, failure + "\n" + sim.Trace.Tail(60));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_reconfig_whose_leader_crashes_before_the_commit_loses_no_acknowledged_write(int seed)
    {
        var sim = Ensemble(seed);
        sim.StartClients();
        sim.RunFor(1_000);
        var leader = sim.ServingLeader()!;
        long[] rest = sim.Servers.Where(s => s != leader).Select(s => s.Id).Take(3).ToArray();
        Assert.True(leader.ProposeReconfig(rest));
        leader.Crash();

        // The next leader has the reconfig txn or not; either way the ensemble serves and keeps every acknowledged write.
        Assert.True(sim.RunUntil(() => sim.ServingLeader() is { } l && l != leader, 20_000), "no new leader\n" + sim.Trace.Tail(60));
        sim.RunFor(1_000);
        sim.StopClients();
        sim.HealAll();
        Assert.True(sim.RunUntil(() => sim.Clients.All(c => c.Idle), 5_000), sim.Trace.Tail(40));
        sim.RunFor(1_000);
        var failure = SeededRun.FinalChecks(sim, out _);
        Assert.True(failure is null, failure + "\n" + sim.Trace.Tail(60));
    }
}
