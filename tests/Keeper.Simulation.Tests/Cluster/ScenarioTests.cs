using Keeper.Simulation.Tests.Linearizability.Models;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>Hand-written schedules on the simulated ensemble, each one a rule of the protocol.</summary>
public class ScenarioTests
{
    private static Simulation Ensemble(int seed, int voters = 3, WindowMode window = WindowMode.LogTail, int clients = 3, int historyCapacity = 1_000)
    {
        var sim = new Simulation(seed, new SimOptions
        {
            Voters = voters, Clients = clients, Window = window,
            Zab = new Keeper.Consensus.Zab.ZabOptions(TickTime: 200, InitLimit: 10, SyncLimit: 5, HistoryCapacity: historyCapacity),
        });
        sim.StopClients(); // scripted until a test starts them
        sim.StartAll();
        Assert.True(sim.RunUntil(sim.AllServing, 10_000), "the ensemble never formed\n" + sim.Trace.Tail(40));
        return sim;
    }

    private static void HealSettleAndCheck(Simulation sim)
    {
        sim.StopClients();
        sim.HealAll();
        Assert.True(sim.RunUntil(() => sim.Clients.All(c => c.Idle), 5_000), sim.Trace.Tail(40));
        Assert.True(sim.RunUntil(sim.AllServing, 30_000), "not everyone serves after the heal\n" + sim.Trace.Tail(60));
        sim.RunFor(1_000);
        var failure = SeededRun.FinalChecks(sim, out _);
        Assert.True(failure is null, failure + "\n" + sim.Trace.Tail(60));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_leader_crash_with_writes_in_flight_loses_no_acknowledged_write_and_a_new_leader_serves(int seed)
    {
        var sim = Ensemble(seed, voters: 5, clients: 5);
        sim.StartClients();
        sim.RunFor(1_000);
        var leader = sim.ServingLeader()!;
        int answeredBefore = sim.History.Answered;
        leader.Crash();

        Assert.True(sim.RunUntil(() => sim.ServingLeader() is { } l && l != leader, 10_000), "no new leader\n" + sim.Trace.Tail(40));
        sim.RunFor(1_000);
        Assert.True(sim.History.Answered > answeredBefore, "the new leader serves no one");
        HealSettleAndCheck(sim);
    }

    [Theory]
    // Within one reign the leader's window holds what it committed, whatever it started with: a learner that
    // missed fewer txns than the window holds gets a DIFF, one that missed more a SNAP.
    [InlineData(true, 1_000, "DIFF")]
    [InlineData(false, 1_000, "DIFF")]
    [InlineData(true, 4, "SNAP")]
    public void A_follower_partitioned_away_catches_up_after_the_heal(bool logTailWindow, int historyCapacity, string expectedSync)
    {
        var window = logTailWindow ? WindowMode.LogTail : WindowMode.EmptyAtLastZxid;
        var sim = Ensemble(4, window: window, historyCapacity: historyCapacity);
        var leader = sim.ServingLeader()!;
        var follower = sim.Servers.First(s => s != leader);
        sim.Net.Partition(new Dictionary<long, int> { [follower.Id] = 1 }, $"s{follower.Id} isolated");
        sim.StartClients();
        Assert.True(sim.RunUntil(() => !follower.IsServing, 5_000), "the isolated follower keeps serving");
        sim.RunFor(1_500);
        int before = sim.Counters.GetValueOrDefault($"{expectedSync} to s{follower.Id}");
        long committedWhileAway = sim.Monitor.CommittedCount;
        Assert.True(committedWhileAway > 0, "nothing was written while the follower was away");

        sim.Net.Heal();
        Assert.True(sim.RunUntil(() => follower.IsServing, 30_000), "the follower never came back\n" + sim.Trace.Tail(40));
        Assert.True(sim.Counters.GetValueOrDefault($"{expectedSync} to s{follower.Id}") > before,
            $"no {expectedSync} to s{follower.Id}\n" + sim.Trace.Tail(40));
        Assert.True(follower.State.LastZxid >= sim.Monitor.Committed[(int)committedWhileAway - 1].Zxid);
        HealSettleAndCheck(sim);
    }

    [Fact]
    public void With_two_of_three_servers_down_no_write_succeeds_and_clients_see_failures()
    {
        var sim = Ensemble(5);
        var survivor = sim.Servers[0];
        foreach (var s in sim.Servers.Skip(1)) s.Crash();
        int committed = sim.Monitor.CommittedCount;
        var client = sim.Clients[0];
        var outcomes = new List<string?>();
        for (int i = 0; i < 10; i++)
        {
            client.Submit(ZNodeInput.Write("/a", $"w{i}"), survivor);
            Assert.True(sim.RunUntil(() => client.Idle, 5_000));
            outcomes.Add(client.LastOutcome);
            sim.RunFor(300);
        }
        Assert.DoesNotContain(outcomes, o => o?.StartsWith("answered", StringComparison.Ordinal) == true);
        Assert.Contains("refused", outcomes);
        Assert.Equal(committed, sim.Monitor.CommittedCount);
        HealSettleAndCheck(sim);
    }

    [Fact]
    public void A_stale_leader_isolated_from_the_others_cannot_commit()
    {
        var sim = Ensemble(6);
        var stale = sim.ServingLeader()!;
        sim.Net.Partition(new Dictionary<long, int> { [stale.Id] = 1 }, $"leader s{stale.Id} isolated");
        int committed = sim.Monitor.CommittedCount;

        // Straight away, while it still believes it leads: it proposes, but no quorum will ever ack.
        var client = sim.Clients[0];
        Assert.True(stale.IsServing);
        client.Submit(ZNodeInput.Create("/stale", "never"), stale);
        Assert.True(sim.RunUntil(() => client.Idle, 5_000));
        Assert.NotNull(client.LastOutcome);
        Assert.False(client.LastOutcome!.StartsWith("answered", StringComparison.Ordinal), client.LastOutcome);

        // The majority side elects a new leader and serves.
        Assert.True(sim.RunUntil(() => sim.ServingLeader() is { } l && l != stale, 10_000), sim.Trace.Tail(40));
        var writer = sim.Clients[1];
        writer.Submit(ZNodeInput.Create("/fresh", "yes"), sim.ServingLeader()!);
        Assert.True(sim.RunUntil(() => writer.Idle, 5_000));
        Assert.StartsWith("answered", writer.LastOutcome);

        HealSettleAndCheck(sim);
        // The stale leader's txn was dropped everywhere: no server applied a create of /stale.
        foreach (var s in sim.Servers)
            Assert.DoesNotContain(s.State.Applied, a => KvOp.Decode(a.Data).Input.Path == "/stale");
        Assert.True(sim.Monitor.CommittedCount > committed);
    }
}
