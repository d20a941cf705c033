namespace Keeper.Consensus.Zab;

/// <summary>
/// A follower's or observer's side of Zab, as a deterministic state machine: feed it the leader's messages,
/// the log's durability notices and the time; drain <see cref="TakeActions"/> and carry them out in order.
/// The phases are ZooKeeper's: discovery (FOLLOWERINFO, LEADERINFO, ACKEPOCH), synchronisation (DIFF, TRUNC
/// or SNAP, then proposals and commits, NEWLEADER, UPTODATE) and broadcast (PROPOSAL/ACK/COMMIT or INFORM,
/// PING). Where ZooKeeper 3.8 applies a DIFF's committed txns to memory without logging them, this learner
/// logs every txn it receives and acks NEWLEADER only once they are all durable (ZOOKEEPER-3911's lesson
/// applied to the whole sync): the leader then never counts an ack from a learner that could lose history.
/// </summary>
internal sealed partial class Learner
{
    private readonly Outbox<ZabAction> _actions = new();
    private readonly Queue<Proposal> _uncommitted = new();
    private readonly Queue<long> _toAck = new();
    private readonly ZabOptions _options;
    private long _acceptedEpoch;
    private long _lastHeard;
    private long _newEpoch = -1;
    private long _lastAppended;
    private long _lastDurable;
    private long _newLeaderAckAfter = -1; // NEWLEADER waits for everything up to this zxid to be durable

    public Learner(long myId, bool isObserver, PeerHistory history, ZabOptions options)
    {
        MyId = myId;
        IsObserver = isObserver;
        _options = options;
        _acceptedEpoch = history.AcceptedEpoch;
        CurrentEpoch = history.CurrentEpoch;
        _lastAppended = history.LastLoggedZxid;
        _lastDurable = history.LastLoggedZxid;
        LastCommitted = history.LastLoggedZxid;
    }

    public long MyId { get; }
    public bool IsObserver { get; }
    public LearnerPhase Phase { get; private set; } = LearnerPhase.NotStarted;
    public long CurrentEpoch { get; private set; }
    public long AcceptedEpoch => _acceptedEpoch;

    /// <summary>The last zxid handed to the log.</summary>
    public long LastLoggedZxid => _lastAppended;

    /// <summary>The last zxid the host was told to apply.</summary>
    public long LastCommitted { get; private set; }

    public bool IsServing => Phase == LearnerPhase.Broadcast;

    /// <summary>The actions emitted since the last call, in order.</summary>
    public List<ZabAction> TakeActions()
    {
        return _actions.Take();
    }

    /// <summary>Connected to the leader: introduce ourselves.</summary>
    public void Start(long now)
    {
        if (Phase != LearnerPhase.NotStarted) return;
        _lastHeard = now;
        Phase = LearnerPhase.Discovery;
        SendToLeader(new LearnerHello(MyId, _acceptedEpoch, IsObserver));
    }

    public void Receive(ZabMessage message, long now)
    {
        if (Phase is LearnerPhase.NotStarted or LearnerPhase.Failed) return;
        _lastHeard = now;
        switch (message)
        {
            case LeaderInfo info: OnLeaderInfo(info); break;
            case Diff diff: OnSyncStart(diff.Zxid, truncate: false, snapshot: false); break;
            case Trunc trunc: OnSyncStart(trunc.Zxid, truncate: true, snapshot: false); break;
            case Snap snap: OnSyncStart(snap.Zxid, truncate: false, snapshot: true); break;
            case ProposalMessage proposal: OnProposal(proposal.Proposal); break;
            case Commit commit: OnCommit(commit.Zxid); break;
            case Inform inform: OnInform(inform.Proposal); break;
            case CommitAndActivate activate: OnCommit(activate.Zxid, activate.DesignatedLeader); break;
            case InformAndActivate activate: OnInform(activate.Proposal, activate.DesignatedLeader); break;
            case NewLeader newLeader: OnNewLeader(newLeader.Zxid); break;
            case UpToDate: OnUpToDate(); break;
            case Ping ping: if (Phase >= LearnerPhase.Synchronizing) _actions.Add(new AnswerPing(ping.Zxid)); break;
            case SyncDone: _actions.Add(new SyncAnswered()); break;
            default: Failed($"unexpected {message.GetType().Name} from the leader"); break;
        }
    }

    /// <summary>The log has made everything up to <paramref name="zxid"/> durable.</summary>
    public void Logged(long zxid)
    {
        if (zxid <= _lastDurable || Phase == LearnerPhase.Failed) return;
        _lastDurable = zxid;
        if (_newLeaderAckAfter >= 0 && _lastDurable >= _newLeaderAckAfter) AckNewLeader();
        SendDueAcks();
    }

    /// <summary>
    /// Time passes. The leader pings every half tick, so silence longer than initLimit ticks while syncing
    /// or syncLimit ticks once in broadcast means it is gone (ZooKeeper's socket read timeouts).
    /// </summary>
    public void Tick(long now)
    {
        if (Phase is LearnerPhase.NotStarted or LearnerPhase.Failed) return;
        long limit = Phase == LearnerPhase.Broadcast ? _options.SyncTimeoutMs : _options.InitTimeoutMs;
        if (now - _lastHeard > limit) Failed($"no word from the leader for {now - _lastHeard} ms");
    }

    /// <summary>A client of ours asked for sync: the leader answers once everything before it is committed.</summary>
    public void RequestSync() => SendToLeader(new SyncRequest());

    private void SendToLeader(ZabMessage message) => _actions.Add(new Send(0, message));

    private void Failed(string reason)
    {
        if (Phase == LearnerPhase.Failed) return;
        Phase = LearnerPhase.Failed;
        _actions.Add(new Fail(reason));
    }
}

internal enum LearnerPhase
{
    NotStarted,
    /// <summary>FOLLOWERINFO sent; waiting for LEADERINFO.</summary>
    Discovery,
    /// <summary>ACKEPOCH sent; waiting for DIFF, TRUNC or SNAP.</summary>
    AwaitingSync,
    /// <summary>Receiving the leader's history up to NEWLEADER.</summary>
    Synchronizing,
    /// <summary>NEWLEADER received (and acked once durable); waiting for UPTODATE.</summary>
    AwaitingUpToDate,
    Broadcast,
    Failed,
}
