namespace Keeper.Consensus.Election;

/// <summary>
/// A vote as FastLeaderElection keeps it in its received-votes and out-of-election tables: with the sender's
/// state and message version, because Apache's Vote.equals, which decides what counts as "the same vote"
/// when looking for a quorum, depends on both.
/// </summary>
internal readonly record struct TalliedVote(Vote Vote, ServerState State, int Version)
{
    /// <summary>
    /// Apache's rule: if either side is LOOKING all four fields must match, round included. Between decided
    /// peers only the leader and its epoch matter (their zxids and rounds drift legitimately, ZOOKEEPER-1805),
    /// and when exactly one side predates message version 1 only the leader (ZOOKEEPER-1732 upgrades).
    /// </summary>
    public bool Matches(in TalliedVote other)
    {
        if (State == ServerState.Looking || other.State == ServerState.Looking)
            return Vote == other.Vote;
        if ((Version > 0) ^ (other.Version > 0))
            return Vote.Leader == other.Vote.Leader;
        return Vote.Leader == other.Vote.Leader && Vote.PeerEpoch == other.Vote.PeerEpoch;
    }
}
