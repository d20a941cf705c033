namespace Keeper.Consensus.Zab;

/// <summary>How the leader brings one learner up to date (LearnerHandler.syncFollower's choice).</summary>
internal enum SyncMode { Diff, Trunc, Snap }

/// <summary>
/// The choice for a learner that has logged up to <c>learnerLastZxid</c>: the packet that opens the sync
/// (DIFF, TRUNC or SNAP with its zxid) and the point after which the window's proposals must follow.
/// </summary>
internal readonly record struct SyncPlan(SyncMode Mode, long Zxid, long SendAfter)
{
    /// <summary>
    /// Same zxid as the leader: an empty DIFF. Ahead of the leader: TRUNC to the leader's last. Inside the
    /// window on a zxid the leader has: DIFF with what follows. Inside it on a zxid the leader never had (a
    /// txn of an old epoch that was never committed): TRUNC to the leader's largest zxid below it, then
    /// what follows. Behind the window: SNAP.
    /// </summary>
    public static SyncPlan For(long learnerLastZxid, ProposalWindow committed)
    {
        long leaderLast = committed.LastZxid;
        if (learnerLastZxid == leaderLast) return new(SyncMode.Diff, leaderLast, leaderLast);
        if (learnerLastZxid > leaderLast) return new(SyncMode.Trunc, leaderLast, leaderLast);
        if (!committed.Covers(learnerLastZxid)) return new(SyncMode.Snap, leaderLast, leaderLast);
        if (committed.Holds(learnerLastZxid)) return new(SyncMode.Diff, leaderLast, learnerLastZxid);
        long floor = committed.Floor(learnerLastZxid);
        return new(SyncMode.Trunc, floor, floor);
    }
}
