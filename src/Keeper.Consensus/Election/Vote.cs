namespace Keeper.Consensus.Election;

/// <summary>
/// A proposal for leader: the candidate's id, its last logged zxid and its current epoch, plus the election
/// round (logical clock) it was cast in.
/// </summary>
internal readonly record struct Vote(long Leader, long Zxid, long ElectionEpoch, long PeerEpoch)
{
    /// <summary>
    /// ZooKeeper's total order on candidates (FastLeaderElection.totalOrderPredicate): a higher peer epoch wins,
    /// then a higher zxid, then a higher server id. The election round is not part of the order.
    /// </summary>
    public static bool Beats(long newId, long newZxid, long newEpoch, long curId, long curZxid, long curEpoch) =>
        newEpoch > curEpoch
        || (newEpoch == curEpoch && (newZxid > curZxid || (newZxid == curZxid && newId > curId)));

    /// <summary>Whether this candidate would win against <paramref name="other"/>.</summary>
    public bool Beats(in Vote other) => Beats(Leader, Zxid, PeerEpoch, other.Leader, other.Zxid, other.PeerEpoch);

    /// <summary>The same candidate, ignoring the round it was cast in (ZooKeeper's Vote.equals for decided peers).</summary>
    public bool SameCandidate(in Vote other) => Leader == other.Leader && Zxid == other.Zxid && PeerEpoch == other.PeerEpoch;

    public override string ToString() => $"(leader {Leader}, zxid 0x{Zxid:x}, round {ElectionEpoch}, epoch 0x{PeerEpoch:x})";
}
