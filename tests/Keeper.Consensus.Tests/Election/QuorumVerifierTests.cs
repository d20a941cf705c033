using Keeper.Consensus.Quorum;

namespace Keeper.Consensus.Tests.Election;

public class QuorumVerifierTests
{
    private static readonly QuorumVerifier ThreeVotersOneObserver = QuorumVerifier.OfIds([1, 2, 3], [4]);

    [Fact]
    public void A_quorum_is_more_than_half_of_the_voters() =>
        Assert.True(ThreeVotersOneObserver.ContainsQuorum([1, 3]));

    [Fact]
    public void Observers_do_not_count_towards_a_quorum() =>
        Assert.False(ThreeVotersOneObserver.ContainsQuorum([1, 4]));

    [Fact]
    public void The_same_voter_counts_once() => Assert.False(ThreeVotersOneObserver.ContainsQuorum([2, 2]));

    [Fact]
    public void Half_of_an_even_ensemble_is_no_quorum() => Assert.False(QuorumVerifier.OfIds([1, 2, 3, 4]).ContainsQuorum([1, 2]));

    [Fact]
    public void The_config_text_is_apaches_and_reads_back()
    {
        var qv = new QuorumVerifier(
        [
            new QuorumServer(1, "zk-0.zk", 2888, 3888, ClientAddress: "0.0.0.0:2181"),
            new QuorumServer(2, "::1", 2888, 3888, IsObserver: true),
        ], version: 0x100000000);
        var text = qv.ToConfigString();
        Assert.Equal("server.1=zk-0.zk:2888:3888:participant;0.0.0.0:2181\nserver.2=[::1]:2888:3888:observer\nversion=100000000", text);
        var back = QuorumVerifier.Parse(text);
        Assert.Equal(text, back.ToConfigString());
        Assert.Equal([1L], back.Voters);
        Assert.Equal([2L], back.Observers);
    }
}
