namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// Seeds on which the simulation found a bug in the consensus code, replayed as specifications. Each stays
/// here after its fix so the schedule that found the bug keeps being run.
/// </summary>
public class KnownBugSeedTests
{
    /// <summary>
    /// A follower decided for leader 2 in one election (vote epoch 1) but, retrying its connect, joined
    /// leader 2's next reign (vote epoch 3). Decided peers now report votes for the same leader with different
    /// peer epochs, which FastLeaderElection's out-of-election quorum never counts as agreeing: a third server
    /// stays LOOKING for ever while the other two serve.
    /// </summary>
    [Theory]
    [InlineData(352)]
    [InlineData(563)]
    [InlineData(727)]
    [InlineData(750)]
    [InlineData(1978)]
    public void A_looking_server_joins_a_serving_leader_whose_followers_elected_it_in_different_rounds(int seed)
    {
        var result = SeededRun.Run(seed);
        Assert.True(result.Passed, result.Report());
    }
}
