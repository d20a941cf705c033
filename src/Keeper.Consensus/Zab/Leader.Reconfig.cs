namespace Keeper.Consensus.Zab;

/// <summary>
/// Reconfig, as Apache's Leader does it: the reconfig txn (and everything proposed after it) commits only with a
/// quorum of the old voters and one of the new; at its commit the new membership takes effect here, followers get
/// COMMITANDACTIVATE and observers INFORMANDACTIVATE naming the designated leader, and a leader that is no longer a
/// voter hands over to it by ending its role.
/// </summary>
internal sealed partial class Leader
{
    private PendingMembership? _pending;

    /// <summary>A reconfig proposal is outstanding (one at a time, as in ZooKeeper).</summary>
    public bool ReconfigPending => _pending is not null;

    /// <summary>Proposes the reconfig txn <paramref name="proposal"/> whose membership has these voters and observers.</summary>
    public void ProposeReconfig(Proposal proposal, IReadOnlySet<long> voters, IReadOnlySet<long> observers)
    {
        if (_pending is not null) throw new InvalidOperationException("a reconfig is already in progress");
        Propose(proposal);
        _pending = new PendingMembership(proposal.Zxid, voters, observers);
    }

    /// <summary>Distinct members of <paramref name="voters"/> that logged <paramref name="zxid"/>, ourselves included, are a majority.</summary>
    private bool HasAcks(long zxid, IReadOnlySet<long> voters)
    {
        int acks = voters.Contains(MyId) && _selfDurable >= zxid ? 1 : 0;
        foreach (var l in _learners.Values)
            if (l.Phase >= SlotPhase.Synced && !l.IsObserver && voters.Contains(l.Sid) && l.AckedUpTo >= zxid) acks++;
        return acks * 2 > voters.Count;
    }

    private void Activate(PendingMembership next, Proposal proposal)
    {
        _pending = null;
        _voters = next.Voters;
        _observers = next.Observers;
        long designated = DesignatedLeader(next.Voters, proposal.Zxid);
        var commit = new CommitAndActivate(proposal.Zxid, designated);
        InformAndActivate? inform = null;
        foreach (var l in _learners.Values)
        {
            if (!l.IsForwarding) continue;
            if (l.IsObserver) Send(l, inform ??= new InformAndActivate(proposal, designated));
            else Send(l, commit);
        }
        // After the sends: a host handing over flushes them before the role ends.
        _actions.Add(new Activated(proposal.Zxid, designated));
        if (designated != MyId) Failed($"reconfig 0x{proposal.Zxid:x} removed this server from the voters; server {designated} leads next");
    }

    // Leader.getDesignatedLeader: ourselves if we still vote, else the lowest new voter that acked the reconfig.
    private long DesignatedLeader(IReadOnlySet<long> voters, long zxid)
    {
        if (voters.Contains(MyId)) return MyId;
        long best = long.MaxValue;
        foreach (var l in _learners.Values)
            if (!l.IsObserver && voters.Contains(l.Sid) && l.AckedUpTo >= zxid && l.Sid < best) best = l.Sid;
        return best != long.MaxValue ? best : voters.Min();
    }

    private sealed record PendingMembership(long Zxid, IReadOnlySet<long> Voters, IReadOnlySet<long> Observers);
}
