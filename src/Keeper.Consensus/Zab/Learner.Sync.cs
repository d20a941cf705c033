namespace Keeper.Consensus.Zab;

/// <summary>Discovery and synchronisation: agreeing on the epoch and receiving the leader's history.</summary>
internal sealed partial class Learner
{
    private void OnLeaderInfo(LeaderInfo info)
    {
        if (Phase != LearnerPhase.Discovery) { Failed("LEADERINFO out of turn"); return; }
        long epochToSend;
        if (info.NewEpoch > _acceptedEpoch)
        {
            epochToSend = CurrentEpoch;
            _acceptedEpoch = info.NewEpoch;
            _actions.Add(new PersistAcceptedEpoch(info.NewEpoch));
        }
        else if (info.NewEpoch == _acceptedEpoch)
        {
            // Already acked this epoch once (to this leader, before a reconnect): say so with -1, as ZooKeeper does,
            // so the leader does not count us twice towards its epoch quorum.
            epochToSend = -1;
        }
        else
        {
            Failed($"the leader's epoch {info.NewEpoch} is below our accepted epoch {_acceptedEpoch}");
            return;
        }
        _newEpoch = info.NewEpoch;
        Phase = LearnerPhase.AwaitingSync;
        SendToLeader(new AckEpoch(_lastAppended, epochToSend));
    }

    private void OnSyncStart(long zxid, bool truncate, bool snapshot)
    {
        if (Phase != LearnerPhase.AwaitingSync) { Failed("sync packet out of turn"); return; }
        Phase = LearnerPhase.Synchronizing;
        if (truncate)
        {
            _actions.Add(new Truncate(zxid));
            _lastAppended = Math.Min(_lastAppended, zxid);
            _lastDurable = Math.Min(_lastDurable, zxid);
            LastCommitted = Math.Min(LastCommitted, zxid);
        }
        else if (snapshot)
        {
            // The host read the stream, loaded it and made it durable before delivering SNAP.
            _lastAppended = _lastDurable = LastCommitted = zxid;
        }
    }

    private void OnNewLeader(long zxid)
    {
        if (Phase != LearnerPhase.Synchronizing) { Failed("NEWLEADER out of turn"); return; }
        long epoch = Zxid.EpochOf(zxid);
        if (epoch != _newEpoch) { Failed($"NEWLEADER for epoch {epoch}, but epoch {_newEpoch} was agreed"); return; }
        Phase = LearnerPhase.AwaitingUpToDate;
        _newLeaderAckAfter = _lastAppended;
        if (_lastDurable >= _newLeaderAckAfter) AckNewLeader();
    }

    private void AckNewLeader()
    {
        _newLeaderAckAfter = -1;
        // currentEpoch only once the history it vouches for is durable: written earlier, a crash could leave the
        // new epoch over an old log, and the election's preference for the higher epoch would let this server
        // lead and truncate committed txns (ZOOKEEPER-4643).
        CurrentEpoch = _newEpoch;
        _actions.Add(new PersistCurrentEpoch(_newEpoch));
        SendToLeader(new Ack(Zxid.Make(_newEpoch, 0)));
    }

    private void OnUpToDate()
    {
        if (Phase != LearnerPhase.AwaitingUpToDate || _newLeaderAckAfter >= 0) { Failed("UPTODATE out of turn"); return; }
        Phase = LearnerPhase.Broadcast;
        SendToLeader(new Ack(Zxid.Make(_newEpoch, 0)));
        _actions.Add(new StartServing(_newEpoch));
        SendDueAcks();
    }
}
