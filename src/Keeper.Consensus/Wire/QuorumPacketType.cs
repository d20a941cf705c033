namespace Keeper.Consensus.Wire;

/// <summary>The packet types of the quorum port, with Leader.java's numbers.</summary>
internal enum QuorumPacketType
{
    Request = 1,
    Proposal = 2,
    Ack = 3,
    Commit = 4,
    Ping = 5,
    Revalidate = 6,
    Sync = 7,
    Inform = 8,
    CommitAndActivate = 9,
    NewLeader = 10,
    FollowerInfo = 11,
    UpToDate = 12,
    Diff = 13,
    Trunc = 14,
    Snap = 15,
    ObserverInfo = 16,
    LeaderInfo = 17,
    AckEpoch = 18,
    InformAndActivate = 19,

    /// <summary>
    /// Keeper's extension, sent by a leader that shuts down on SIGTERM once everything it accepted is
    /// committed and sent: learner requests not answered by now were dropped and may be sent to the next
    /// leader. Apache learners log an unknown packet type and ignore it.
    /// </summary>
    Retiring = 100,
}
