using Keeper.Consensus.Election;

namespace Keeper.Consensus.Tests.Election;

public class VoteOrderTests
{
    [Fact]
    public void A_higher_epoch_wins_even_with_a_lower_zxid_and_id() =>
        Assert.True(new Vote(1, 0x100000005, 1, 2).Beats(new Vote(3, 0x100000009, 1, 1)));

    [Fact]
    public void With_equal_epochs_the_higher_zxid_wins() =>
        Assert.True(new Vote(1, 0x100000009, 1, 1).Beats(new Vote(3, 0x100000005, 1, 1)));

    [Fact]
    public void With_equal_epoch_and_zxid_the_higher_id_wins()
    {
        Assert.True(new Vote(3, 7, 1, 1).Beats(new Vote(2, 7, 1, 1)));
        Assert.False(new Vote(2, 7, 1, 1).Beats(new Vote(3, 7, 1, 1)));
    }

    [Fact]
    public void A_candidate_does_not_beat_itself() => Assert.False(new Vote(2, 7, 1, 1).Beats(new Vote(2, 7, 5, 1)));

    [Fact]
    public void The_election_round_is_not_part_of_the_order() =>
        Assert.True(new Vote(2, 7, 1, 1).SameCandidate(new Vote(2, 7, 9, 1)));

    [Fact]
    public void Zxids_split_into_epoch_and_counter()
    {
        Assert.Equal(0x100000002, Zxid.Make(1, 2));
        Assert.Equal(1, Zxid.EpochOf(0x100000002));
        Assert.Equal(2, Zxid.CounterOf(0x100000002));
    }
}
