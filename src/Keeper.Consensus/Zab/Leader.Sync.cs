namespace Keeper.Consensus.Zab;

/// <summary>Synchronisation: each learner's history, NEWLEADER, and the start of the epoch.</summary>
internal sealed partial class Leader
{
    /// <summary>
    /// Queues the learner's catch-up (DIFF/TRUNC with the committed proposals it lacks, or SNAP), then the
    /// proposals still outstanding, then NEWLEADER; from here on it is sent every new proposal and commit,
    /// so nothing falls between its history and the live stream.
    /// </summary>
    private void StartSync(LearnerSlot learner)
    {
        var plan = SyncPlan.For(learner.LastLoggedZxid, _committed);
        switch (plan.Mode)
        {
            case SyncMode.Snap:
                _actions.Add(new SendSnapshot(learner.Connection, plan.Zxid));
                break;
            case SyncMode.Trunc:
                Send(learner, new Trunc(plan.Zxid));
                SendCommittedAfter(learner, plan.SendAfter);
                break;
            default:
                Send(learner, new Diff(plan.Zxid));
                SendCommittedAfter(learner, plan.SendAfter);
                break;
        }
        if (!learner.IsObserver)
            foreach (var p in _outstanding) Send(learner, new ProposalMessage(p));
        // Observers get the outstanding ones as INFORMs when they commit.
        learner.AckedUpTo = 0;
        learner.Phase = SlotPhase.AwaitingNewLeaderAck;
        Send(learner, new NewLeader(Zxid.Make(Epoch, 0)));
    }

    private void SendCommittedAfter(LearnerSlot learner, long after)
    {
        foreach (var p in _committed.After(after))
        {
            Send(learner, new ProposalMessage(p));
            Send(learner, new Commit(p.Zxid));
        }
    }

    private void OnNewLeaderAck(LearnerSlot learner, long now)
    {
        learner.Phase = SlotPhase.Synced;
        if (Phase == LeaderPhase.Broadcast) SendUpToDate(learner);
        else TryStartEpoch(now);
    }

    /// <summary>A quorum holds the epoch's history: start serving and let the synced learners serve too.</summary>
    private void TryStartEpoch(long now)
    {
        if (Phase != LeaderPhase.AwaitingNewLeaderAcks) return;
        // An inherited reconfig's voters must hold the history too: they make the quorum once it takes effect.
        if (!SyncedQuorumOf(_voters) || (_pending is { } inherited && !SyncedQuorumOf(inherited.Voters))) return;
        Phase = LeaderPhase.Broadcast;
        _nextPingAt = now + _options.PingIntervalMs;
        _actions.Add(new StartServing(Epoch));
        foreach (var l in _learners.Values) if (l.Phase == SlotPhase.Synced) SendUpToDate(l);
        ActivateInherited();
    }

    private void SendUpToDate(LearnerSlot learner)
    {
        learner.Phase = SlotPhase.UpToDate;
        Send(learner, new UpToDate());
    }
}
