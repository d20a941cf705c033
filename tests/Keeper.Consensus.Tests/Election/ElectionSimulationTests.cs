using Keeper.Consensus.Election;

namespace Keeper.Consensus.Tests.Election;

/// <summary>Seeded randomized elections; every failure names its seed so it can be replayed alone.</summary>
public class ElectionSimulationTests
{
    private const int Seeds = 300;

    // Everyone starts within 50 ms and every message arrives within 100 ms: all initial votes are seen before
    // the earliest possible decision (200 ms), so the best server must win everywhere.
    private static readonly ElectionSimulation.Network Reliable = new(50, 1, 100, 0, 0, ZabRetries: false);

    // Lossy, duplicating and slower than the finalize wait: FLE alone may split here (a server can finalize
    // before a better vote reaches it), which is why Zab's discovery must confirm the leader.
    private static readonly ElectionSimulation.Network Lossy = new(300, 1, 400, 0.1, 0.05, ZabRetries: true);

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void On_a_network_faster_than_the_finalize_wait_everyone_elects_the_best_voter_in_one_round(int voters)
    {
        for (var seed = 0; seed < Seeds; seed++)
        {
            var sim = new ElectionSimulation(seed, voters, observers: 1, Reliable);
            Assert.True(sim.Run(maxSteps: 200_000, maxTime: 60_000), $"seed {seed}: not all decided by t={sim.Now}");

            var best = sim.Verifier.Voters.Aggregate((a, b) => sim.Initial[a].Beats(sim.Initial[b]) ? a : b);
            foreach (var d in sim.Decisions)
            {
                Assert.True(d.Vote.Leader == best, $"seed {seed}: {d.Id} decided {d.Role} {d.Vote}, best is {best}");
                var expected = d.Id == best ? ServerState.Leading
                    : sim.Verifier.IsVoter(d.Id) ? ServerState.Following : ServerState.Observing;
                Assert.True(d.Role == expected, $"seed {seed}: {d.Id} decided {d.Role}, expected {expected}");
            }
            Assert.True(sim.Decisions.Count == sim.Servers.Count, $"seed {seed}: someone decided twice");
            AssertAgreementPerRound(sim, seed);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void On_a_lossy_network_every_leader_is_the_best_of_a_quorum_and_the_ensemble_converges(int voters)
    {
        for (var seed = 0; seed < Seeds; seed++)
        {
            var sim = new ElectionSimulation(seed, voters, observers: 0, Lossy);
            Assert.True(sim.Run(maxSteps: 500_000, maxTime: 600_000), $"seed {seed}: no stable ensemble by t={sim.Now}");

            foreach (var d in sim.Decisions)
            {
                Assert.True(sim.IsMaximumOfSomeQuorum(d.Vote.Leader),
                    $"seed {seed}: {d.Id} decided {d.Role} {d.Vote}, which beats no quorum's initial votes");
                Assert.True(sim.Verifier.IsVoter(d.Vote.Leader), $"seed {seed}: a non-voter was elected");
            }

            Assert.True(sim.Stable(), $"seed {seed}: the run ended without one leader followed by all");
        }
    }

    private static void AssertAgreementPerRound(ElectionSimulation sim, int seed)
    {
        foreach (var round in sim.Decisions.GroupBy(d => d.Vote.ElectionEpoch))
        {
            var leaders = round.Select(d => d.Vote.Leader).Distinct().ToList();
            Assert.True(leaders.Count == 1, $"seed {seed}: round {round.Key} decided for {string.Join(",", leaders)}");
            Assert.Contains(round, d => d.Id == leaders[0] && d.Role == ServerState.Leading);
        }
    }
}
