namespace Keeper.Consensus.Zab;

/// <summary>Discovery and epoch agreement: FOLLOWERINFO, LEADERINFO, ACKEPOCH.</summary>
internal sealed partial class Leader
{
    private void OnHello(LearnerSlot learner, LearnerHello hello, long now)
    {
        if (learner.Sid >= 0) { Drop(learner, "second FOLLOWERINFO"); return; }
        // As Apache's LearnerHandler, a server outside the membership is served too (as a follower it gets proposals
        // and acks them, but its acks count only once a reconfig makes it a voter): that is how a server joins.
        if (hello.Sid == MyId || hello.Sid < 0) { Drop(learner, $"server {hello.Sid} cannot learn from itself"); return; }
        // A reconnecting learner replaces its old connection, which is dead or about to be.
        foreach (var other in _learners.Values)
            if (other.Sid == hello.Sid && other != learner) { Drop(other, "replaced by a new connection from the same server"); break; }

        learner.Sid = hello.Sid;
        learner.IsObserver = hello.IsObserver || _observers.Contains(hello.Sid);
        learner.AcceptedEpoch = hello.AcceptedEpoch;
        learner.Phase = SlotPhase.Hello;
        if (Phase == LeaderPhase.Discovery)
        {
            if (hello.AcceptedEpoch > _maxAcceptedEpoch) _maxAcceptedEpoch = hello.AcceptedEpoch;
            TryFixEpoch(now);
        }
        else
        {
            SendLeaderInfo(learner);
        }
    }

    /// <summary>Once a quorum of voters said hello, the epoch is one past every accepted epoch seen.</summary>
    private void TryFixEpoch(long now)
    {
        int voters = SelfVote;
        foreach (var l in _learners.Values) if (l.Phase == SlotPhase.Hello && Votes(l)) voters++;
        if (!IsQuorum(voters)) return;
        Epoch = _maxAcceptedEpoch + 1;
        _actions.Add(new PersistAcceptedEpoch(Epoch));
        Phase = LeaderPhase.AwaitingEpochAcks;
        _phaseDeadline = now + _options.InitTimeoutMs;
        foreach (var l in _learners.Values) if (l.Phase == SlotPhase.Hello) SendLeaderInfo(l);
        TryFinishEpochAcks(now);
    }

    private void SendLeaderInfo(LearnerSlot learner)
    {
        learner.Phase = SlotPhase.AwaitingAckEpoch;
        Send(learner, new LeaderInfo(Epoch));
    }

    private void OnAckEpoch(LearnerSlot learner, AckEpoch ack)
    {
        if (learner.Phase != SlotPhase.AwaitingAckEpoch) { Drop(learner, "ACKEPOCH out of turn"); return; }
        // A learner with a newer history than ours cannot follow us: the election went wrong (ZooKeeper
        // refuses it the same way). It will look for another leader.
        if (ack.CurrentEpoch > _history.CurrentEpoch
            || (ack.CurrentEpoch == _history.CurrentEpoch && ack.LastLoggedZxid > _history.LastLoggedZxid))
        {
            Drop(learner, $"its history (epoch {ack.CurrentEpoch}, zxid 0x{ack.LastLoggedZxid:x}) is ahead of the leader's");
            return;
        }
        learner.LastLoggedZxid = ack.LastLoggedZxid;
        learner.Phase = SlotPhase.EpochAcked;
        learner.CountsForEpoch = ack.CurrentEpoch != -1;
        if (Phase == LeaderPhase.AwaitingEpochAcks) TryFinishEpochAcks(learner.LastHeard);
        else StartSync(learner);
    }

    private void TryFinishEpochAcks(long now)
    {
        int voters = SelfVote;
        foreach (var l in _learners.Values)
            if (l.Phase == SlotPhase.EpochAcked && Votes(l) && l.CountsForEpoch) voters++;
        if (!IsQuorum(voters)) return;
        _actions.Add(new PersistCurrentEpoch(Epoch));
        Phase = LeaderPhase.AwaitingNewLeaderAcks;
        _phaseDeadline = now + _options.InitTimeoutMs;
        _lastProposed = Zxid.Make(Epoch, 0);
        foreach (var l in _learners.Values) if (l.Phase == SlotPhase.EpochAcked) StartSync(l);
        TryStartEpoch(now);
    }
}
