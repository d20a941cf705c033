namespace Keeper.Consensus.Zab;

/// <summary>The leader's view of one learner connection (ZooKeeper's LearnerHandler, without the thread).</summary>
internal sealed class LearnerSlot(long connection)
{
    public long Connection { get; } = connection;

    /// <summary>The learner's server id once its FOLLOWERINFO/OBSERVERINFO arrived; -1 before.</summary>
    public long Sid { get; set; } = -1;

    public bool IsObserver { get; set; }
    public long AcceptedEpoch { get; set; }
    public long LastLoggedZxid { get; set; }
    public SlotPhase Phase { get; set; } = SlotPhase.Connected;
    public long LastHeard { get; set; }

    /// <summary>Its ACKEPOCH carried its current epoch (not -1), so it counts towards the epoch quorum.</summary>
    public bool CountsForEpoch { get; set; }

    /// <summary>The highest zxid it acked in this epoch (acks are cumulative: it logs in order).</summary>
    public long AckedUpTo { get; set; }

    /// <summary>It has been sent its history and now gets every new proposal and commit.</summary>
    public bool IsForwarding => Phase >= SlotPhase.AwaitingNewLeaderAck;
}

internal enum SlotPhase
{
    Connected,
    /// <summary>Hello received; waiting for the epoch to be fixed.</summary>
    Hello,
    /// <summary>LEADERINFO sent; waiting for its ACKEPOCH.</summary>
    AwaitingAckEpoch,
    /// <summary>ACKEPOCH received; its sync waits for the epoch quorum.</summary>
    EpochAcked,
    /// <summary>History and NEWLEADER queued; waiting for its ack.</summary>
    AwaitingNewLeaderAck,
    /// <summary>NEWLEADER acked; UPTODATE waits for the leader to start the epoch.</summary>
    Synced,
    /// <summary>UPTODATE sent: a full member of the broadcast.</summary>
    UpToDate,
}
