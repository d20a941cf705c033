namespace Keeper.Consensus.Zab;

/// <summary>
/// Reconfig, as Apache's Leader does it: the reconfig txn (and everything proposed after it) commits only with a
/// quorum of the old voters and one of the new; at its commit the new membership takes effect here, followers get
/// COMMITANDACTIVATE and observers INFORMANDACTIVATE naming the designated leader, and a leader that is no longer a
/// voter hands over to it by ending its role.
/// </summary>
internal sealed partial class Leader
{
    // The reconfig proposed and not yet committed, or the one inherited from our log until the epoch starts.
    private MembershipChange? _pending;

    /// <summary>A reconfig proposal is outstanding (one at a time, as in ZooKeeper).</summary>
    public bool ReconfigPending => _pending is not null;

    /// <summary>Proposes the reconfig txn <paramref name="proposal"/> whose membership has these voters and observers.</summary>
    public void ProposeReconfig(Proposal proposal, IReadOnlySet<long> voters, IReadOnlySet<long> observers)
    {
        if (_pending is not null) throw new InvalidOperationException("a reconfig is already in progress");
        Propose(proposal);
        _pending = new MembershipChange(proposal.Zxid, voters, observers);
    }

    /// <summary>Distinct members of <paramref name="voters"/> that logged <paramref name="zxid"/>, ourselves included, are a majority.</summary>
    private bool HasAcks(long zxid, IReadOnlySet<long> voters)
    {
        int acks = voters.Contains(MyId) && _selfDurable >= zxid ? 1 : 0;
        foreach (var l in _learners.Values)
            if (l.Phase >= SlotPhase.Synced && !l.IsObserver && voters.Contains(l.Sid) && l.AckedUpTo >= zxid) acks++;
        return acks * 2 > voters.Count;
    }

    private void Activate(MembershipChange next, Proposal proposal)
    {
        long designated = TakeEffect(next);
        var commit = new CommitAndActivate(proposal.Zxid, designated);
        InformAndActivate? inform = null;
        foreach (var l in _learners.Values)
        {
            if (!l.IsForwarding) continue;
            if (l.IsObserver) Send(l, inform ??= new InformAndActivate(proposal, designated));
            else Send(l, commit);
        }
        // After the sends: a host handing over flushes them before the role ends.
        Announce(next, designated);
    }

    /// <summary>
    /// The epoch starts with an inherited reconfig (Leader.startZkServer's processReconfig): it takes effect here; the
    /// learners take it from NEWLEADER's membership when they get UPTODATE, so no COMMITANDACTIVATE goes out.
    /// </summary>
    private void ActivateInherited()
    {
        if (_pending is not { } inherited) return;
        Announce(inherited, TakeEffect(inherited));
    }

    private long TakeEffect(MembershipChange next)
    {
        _pending = null;
        _voters = next.Voters;
        _observers = next.Observers;
        return DesignatedLeader(next.Voters, next.Zxid);
    }

    private void Announce(MembershipChange next, long designated)
    {
        _actions.Add(new Activated(next.Zxid, designated));
        if (designated != MyId) Failed($"reconfig 0x{next.Zxid:x} removed this server from the voters; server {designated} leads next");
    }

    // A synced learner holds every txn of the epochs before ours (it acked NEWLEADER) and those of ours it acked.
    private bool Holds(LearnerSlot learner, long zxid) =>
        learner.Phase >= SlotPhase.Synced && (zxid < Zxid.Make(Epoch, 0) || learner.AckedUpTo >= zxid);

    // Leader.getDesignatedLeader: ourselves if we still vote, else the lowest new voter that holds the reconfig.
    private long DesignatedLeader(IReadOnlySet<long> voters, long zxid)
    {
        if (voters.Contains(MyId)) return MyId;
        long best = long.MaxValue;
        foreach (var l in _learners.Values)
            if (!l.IsObserver && voters.Contains(l.Sid) && Holds(l, zxid) && l.Sid < best) best = l.Sid;
        return best != long.MaxValue ? best : voters.Min();
    }
}

/// <summary>A reconfig's membership: the zxid of its txn (the membership's version) and who votes and observes.</summary>
internal sealed record MembershipChange(long Zxid, IReadOnlySet<long> Voters, IReadOnlySet<long> Observers);
