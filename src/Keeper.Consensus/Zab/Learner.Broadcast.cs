namespace Keeper.Consensus.Zab;

/// <summary>Proposals, commits and informs, during the sync and after it.</summary>
internal sealed partial class Learner
{
    private void OnProposal(Proposal proposal)
    {
        // Observers receive PROPOSAL/COMMIT pairs only while syncing; in broadcast they get INFORM.
        if (Phase < LearnerPhase.Synchronizing || (IsObserver && Phase == LearnerPhase.Broadcast)) { Failed("PROPOSAL out of turn"); return; }
        if (proposal.Zxid <= _lastAppended) { Failed($"proposal 0x{proposal.Zxid:x} is not after our last 0x{_lastAppended:x}"); return; }
        _uncommitted.Enqueue(proposal);
        _lastAppended = proposal.Zxid;
        _actions.Add(new Append(proposal));
        _toAck.Enqueue(proposal.Zxid);
        SendDueAcks();
    }

    /// <summary>
    /// COMMIT names one zxid; ZooKeeper's leader sends one per txn, in order. The oldest uncommitted
    /// proposal must be it (an Apache follower exits otherwise); we also accept a commit that covers
    /// several, which our own leader never sends but costs nothing to allow.
    /// </summary>
    private void OnCommit(long zxid, long activateWith = -1)
    {
        if (Phase < LearnerPhase.Synchronizing) { Failed("COMMIT out of turn"); return; }
        if (zxid <= LastCommitted) return;
        bool found = false;
        foreach (var p in _uncommitted) if (p.Zxid == zxid) { found = true; break; }
        if (!found) { Failed($"commit of 0x{zxid:x}, which was never proposed to us"); return; }
        while (_uncommitted.Count > 0 && _uncommitted.Peek().Zxid <= zxid) _uncommitted.Dequeue();
        LastCommitted = zxid;
        _actions.Add(new ApplyCommitted(zxid));
        // COMMITANDACTIVATE: the reconfig txn's membership takes effect once it is applied.
        if (activateWith >= 0) _actions.Add(new Activated(zxid, activateWith));
    }

    /// <summary>
    /// An observer's commit: the txn comes with it. It can arrive while the observer is still syncing, for
    /// txns the leader committed after it queued the observer's history.
    /// </summary>
    private void OnInform(Proposal proposal, long activateWith = -1)
    {
        if (Phase < LearnerPhase.Synchronizing || !IsObserver) { Failed("INFORM out of turn"); return; }
        if (proposal.Zxid <= _lastAppended) return;
        _lastAppended = proposal.Zxid;
        _actions.Add(new Append(proposal));
        LastCommitted = proposal.Zxid;
        _actions.Add(new ApplyCommitted(proposal.Zxid));
        if (activateWith >= 0) _actions.Add(new Activated(proposal.Zxid, activateWith));
    }

    /// <summary>
    /// One ACK per durable proposal, in order, as ZooKeeper's leader counts them — but none before NEWLEADER is
    /// acked, so the leader never counts us for the new epoch before we hold its whole history. An ack for a
    /// txn the leader already committed is ignored by it.
    /// </summary>
    private void SendDueAcks()
    {
        if (IsObserver || Phase < LearnerPhase.AwaitingUpToDate || _newLeaderAckAfter >= 0) return;
        while (_toAck.Count > 0 && _toAck.Peek() <= _lastDurable) SendToLeader(new Ack(_toAck.Dequeue()));
    }
}
