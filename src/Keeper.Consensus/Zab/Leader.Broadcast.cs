namespace Keeper.Consensus.Zab;

/// <summary>Broadcast: acks, commits in zxid order, pings and the quorum check.</summary>
internal sealed partial class Leader
{
    private void OnAck(LearnerSlot learner, long zxid)
    {
        if (Zxid.CounterOf(zxid) == 0)
        {
            // NEWLEADER's ack (epoch << 32); the second one, after UPTODATE, carries nothing new.
            if (learner.Phase == SlotPhase.AwaitingNewLeaderAck && Zxid.EpochOf(zxid) == Epoch) OnNewLeaderAck(learner, learner.LastHeard);
            return;
        }
        // Acks count only from learners that acked NEWLEADER: before that they may not hold the whole history.
        if (learner.Phase < SlotPhase.Synced || learner.IsObserver) return;
        if (zxid > learner.AckedUpTo) learner.AckedUpTo = zxid;
        TryCommit();
    }

    /// <summary>Commits outstanding proposals, oldest first, while a quorum of voters has logged each.</summary>
    private void TryCommit()
    {
        if (Phase != LeaderPhase.Broadcast) return;
        while (_outstanding.Count > 0)
        {
            var next = _outstanding.Peek();
            if (!HasAcks(next.Zxid, _voters)) break;
            // While a reconfig is outstanding, it and every proposal after it also need a quorum of the new voters.
            if (_pending is { } pending && next.Zxid >= pending.Zxid && !HasAcks(next.Zxid, pending.Voters)) break;
            _outstanding.Dequeue();
            _committed.Add(next);
            LastCommitted = next.Zxid;
            _actions.Add(new ApplyCommitted(next.Zxid));
            if (_pending is { } reconfig && reconfig.Zxid == next.Zxid)
            {
                Activate(reconfig, next);
                if (Phase == LeaderPhase.Failed) return;
                continue;
            }
            // One COMMIT per txn: an Apache follower requires each in order.
            var commit = new Commit(next.Zxid);
            Inform? inform = null;
            foreach (var l in _learners.Values)
            {
                if (!l.IsForwarding) continue;
                if (l.IsObserver) Send(l, inform ??= new Inform(next));
                else Send(l, commit);
            }
        }
        while (_pendingSyncs.Count > 0 && _pendingSyncs.Peek().AfterZxid <= LastCommitted)
            SyncIsReady(_pendingSyncs.Dequeue().Requester);
    }

    /// <summary>
    /// Time passes: the phase deadlines of discovery and sync (initLimit ticks each), pings every half tick,
    /// and in broadcast the check ZooKeeper makes every tick: a quorum of voters, ourselves included, must
    /// have been heard from within syncLimit ticks, or we step down.
    /// </summary>
    public void Tick(long now)
    {
        switch (Phase)
        {
            case LeaderPhase.Discovery or LeaderPhase.AwaitingEpochAcks or LeaderPhase.AwaitingNewLeaderAcks:
                if (now > _phaseDeadline) Failed($"timeout in {Phase} waiting for a quorum, only have {Describe(now)}");
                DropSilent(now, _options.InitTimeoutMs);
                break;
            case LeaderPhase.Broadcast:
                if (now >= _nextPingAt)
                {
                    _nextPingAt = now + _options.PingIntervalMs;
                    var ping = new Ping(_lastProposed);
                    foreach (var l in _learners.Values) if (l.IsForwarding) Send(l, ping);
                }
                DropSilent(now, _options.SyncTimeoutMs);
                if (!SyncedQuorumOf(_voters)) Failed($"not sufficient followers synced, only synced with sids: [{Describe(now)}]");
                break;
        }
    }

    private void DropSilent(long now, long limitMs)
    {
        List<LearnerSlot>? silent = null;
        foreach (var l in _learners.Values) if (now - l.LastHeard > limitMs) (silent ??= []).Add(l);
        if (silent is null) return;
        foreach (var l in silent) Drop(l, $"no word from server {l.Sid} for {now - l.LastHeard} ms");
    }

    private string Describe(long now)
    {
        var sids = new List<long>();
        if (_voters.Contains(MyId)) sids.Add(MyId);
        foreach (var l in _learners.Values) if (l.Sid >= 0 && Votes(l) && l.Phase >= SlotPhase.Synced) sids.Add(l.Sid);
        sids.Sort();
        return string.Join(", ", sids);
    }
}
