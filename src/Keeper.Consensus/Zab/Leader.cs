namespace Keeper.Consensus.Zab;

/// <summary>
/// The leader's side of Zab, as a deterministic state machine. The host opens a connection id per learner
/// socket and feeds <see cref="Receive"/>, <see cref="Disconnected"/>, its own log's durability
/// (<see cref="Logged"/>), new txns (<see cref="Propose"/>) and the time (<see cref="Tick"/>); it drains
/// <see cref="TakeActions"/> and carries them out in order.
///
/// Phases, as in ZooKeeper's Leader.lead: discovery (a quorum of FOLLOWERINFO fixes the new epoch as one
/// more than any accepted epoch), epoch acknowledgement (a quorum of ACKEPOCH; then currentEpoch is
/// written), synchronisation (each learner gets DIFF/TRUNC/SNAP, the history, NEWLEADER; a quorum of
/// NEWLEADER acks starts the epoch) and broadcast (PROPOSAL to followers, commit on a quorum of acks,
/// COMMIT to followers and INFORM to observers, PING every half tick, and stepping down when fewer than a
/// quorum have been heard from within syncLimit ticks).
/// </summary>
internal sealed partial class Leader
{
    private readonly Outbox<ZabAction> _actions = new();
    private readonly Dictionary<long, LearnerSlot> _learners = [];
    // The committed membership's voters and observers; a reconfig's commit replaces them (Leader.Reconfig.cs).
    private IReadOnlySet<long> _voters;
    private IReadOnlySet<long> _observers;
    private readonly ZabOptions _options;
    private readonly ProposalWindow _committed;
    private readonly Queue<Proposal> _outstanding = new();
    private readonly Queue<(long AfterZxid, long Requester)> _pendingSyncs = new();
    private readonly PeerHistory _history;
    private long _maxAcceptedEpoch;
    private long _phaseDeadline;
    private long _nextPingAt;
    private long _lastProposed;
    private long _selfDurable;

    /// <param name="inherited">
    /// The membership of a reconfig txn in our log that never took effect (its proposer failed before activating it),
    /// or null. As Apache's Leader does with its last seen quorum verifier, the epoch then starts only once a quorum of
    /// the old voters and one of these have acked NEWLEADER, and the membership takes effect as the epoch starts.
    /// </param>
    public Leader(long myId, IReadOnlySet<long> voters, IReadOnlySet<long> observers, PeerHistory history,
        ProposalWindow committed, ZabOptions options, MembershipChange? inherited = null)
    {
        if (committed.LastZxid != history.LastLoggedZxid)
            throw new ArgumentException($"the history window ends at 0x{committed.LastZxid:x}, the log at 0x{history.LastLoggedZxid:x}");
        MyId = myId;
        _voters = voters;
        _observers = observers;
        _history = history;
        _committed = committed;
        _options = options;
        _maxAcceptedEpoch = history.AcceptedEpoch;
        _lastProposed = history.LastLoggedZxid;
        _selfDurable = history.LastLoggedZxid;
        LastCommitted = history.LastLoggedZxid;
        _pending = inherited;
    }

    public long MyId { get; }
    public LeaderPhase Phase { get; private set; } = LeaderPhase.NotStarted;

    /// <summary>The epoch this leader reigns in, once discovery has fixed it (-1 before).</summary>
    public long Epoch { get; private set; } = -1;

    public long LastCommitted { get; private set; }
    public long LastProposed => _lastProposed;
    public bool IsServing => Phase == LeaderPhase.Broadcast;

    /// <summary>The zxid the next proposal must carry.</summary>
    public long NextZxid => _lastProposed + 1;

    /// <summary>Learners synced with this epoch (NEWLEADER acked), for mntr's zk_synced_followers.</summary>
    public int SyncedFollowerCount
    {
        get
        {
            int n = 0;
            foreach (var l in _learners.Values) if (l.Phase >= SlotPhase.Synced && !l.IsObserver) n++;
            return n;
        }
    }

    /// <summary>The server ids of learners synced with this epoch (NEWLEADER acked), for reconfig's synced-quorum check.</summary>
    public IReadOnlyList<long> SyncedLearnerIds
    {
        get
        {
            var ids = new List<long>();
            foreach (var l in _learners.Values) if (l.Phase >= SlotPhase.Synced && l.Sid >= 0) ids.Add(l.Sid);
            return ids;
        }
    }

    /// <summary>Observers synced with this epoch (mntr's zk_synced_observers).</summary>
    public int SyncedObserverCount
    {
        get
        {
            int n = 0;
            foreach (var l in _learners.Values) if (l.Phase >= SlotPhase.Synced && l.IsObserver) n++;
            return n;
        }
    }

    /// <summary>Learners that introduced themselves (mntr's zk_learners).</summary>
    public int LearnerCount
    {
        get
        {
            int n = 0;
            foreach (var l in _learners.Values) if (l.Sid >= 0) n++;
            return n;
        }
    }

    /// <summary>Syncs waiting for earlier proposals to commit (mntr's zk_pending_syncs).</summary>
    public int PendingSyncCount => _pendingSyncs.Count;

    public int FollowerCount
    {
        get
        {
            int n = 0;
            foreach (var l in _learners.Values) if (l.Sid >= 0 && !l.IsObserver) n++;
            return n;
        }
    }

    public List<ZabAction> TakeActions()
    {
        return _actions.Take();
    }

    public void Start(long now)
    {
        if (Phase != LeaderPhase.NotStarted) return;
        Phase = LeaderPhase.Discovery;
        _phaseDeadline = now + _options.InitTimeoutMs;
        TryFixEpoch(now); // a one-voter ensemble needs nobody else
    }

    public void Connected(long connection, long now)
    {
        if (Phase == LeaderPhase.Failed) { _actions.Add(new Disconnect(connection, "not leading")); return; }
        _learners[connection] = new LearnerSlot(connection) { LastHeard = now };
    }

    public void Disconnected(long connection) => _learners.Remove(connection);

    public void Receive(long connection, ZabMessage message, long now)
    {
        if (Phase is LeaderPhase.NotStarted or LeaderPhase.Failed) return;
        if (!_learners.TryGetValue(connection, out var learner)) return;
        learner.LastHeard = now;
        switch (message)
        {
            case LearnerHello hello: OnHello(learner, hello, now); break;
            case AckEpoch ack: OnAckEpoch(learner, ack); break;
            case Ack ack: OnAck(learner, ack.Zxid); break;
            case Ping: break; // liveness only; the host reads the sessions it carries
            case SyncRequest: Sync(connection); break;
            default: Drop(learner, $"unexpected {message.GetType().Name}"); break;
        }
    }

    /// <summary>The leader's own log made everything up to <paramref name="zxid"/> durable: its own ack.</summary>
    public void Logged(long zxid)
    {
        if (zxid <= _selfDurable) return;
        _selfDurable = zxid;
        TryCommit();
    }

    /// <summary>A new txn, numbered <see cref="NextZxid"/> by the caller. Only while serving.</summary>
    public void Propose(Proposal proposal)
    {
        if (Phase != LeaderPhase.Broadcast) throw new InvalidOperationException("not serving");
        if (proposal.Zxid != NextZxid)
            throw new ArgumentException($"proposal 0x{proposal.Zxid:x} out of order, expected 0x{NextZxid:x}");
        _lastProposed = proposal.Zxid;
        _outstanding.Enqueue(proposal);
        _actions.Add(new Append(proposal));
        var message = new ProposalMessage(proposal);
        foreach (var l in _learners.Values)
            if (l.IsForwarding && !l.IsObserver) Send(l, message);
    }

    /// <summary>
    /// A sync: answered once every proposal made before it is committed (ZooKeeper's Leader.processSync).
    /// <paramref name="requester"/> is a learner connection, or 0 for a client of the leader itself.
    /// </summary>
    public void Sync(long requester)
    {
        if (_outstanding.Count == 0) SyncIsReady(requester);
        else _pendingSyncs.Enqueue((_lastProposed, requester));
    }

    private void SyncIsReady(long requester)
    {
        if (requester == 0) _actions.Add(new SyncReady(0));
        else if (_learners.TryGetValue(requester, out var learner)) Send(learner, new SyncDone());
    }

    private void Send(LearnerSlot learner, ZabMessage message) => _actions.Add(new Send(learner.Connection, message));

    private void Drop(LearnerSlot learner, string reason)
    {
        _learners.Remove(learner.Connection);
        _actions.Add(new Disconnect(learner.Connection, reason));
    }

    private void Failed(string reason)
    {
        if (Phase == LeaderPhase.Failed) return;
        Phase = LeaderPhase.Failed;
        _actions.Add(new Fail(reason));
    }

    /// <summary>A follower whose acks count: it votes in the committed membership (a joining server does not yet).</summary>
    private bool Votes(LearnerSlot learner) => !learner.IsObserver && _voters.Contains(learner.Sid);

    /// <summary>More than half of the voters, counting ourselves when we are one.</summary>
    private bool IsQuorum(int votersIncludingSelf) => votersIncludingSelf * 2 > _voters.Count;

    private int SelfVote => _voters.Contains(MyId) ? 1 : 0;

    /// <summary>More than half of <paramref name="voters"/>, ourselves included, hold this epoch's history (acked NEWLEADER).</summary>
    private bool SyncedQuorumOf(IReadOnlySet<long> voters)
    {
        int synced = voters.Contains(MyId) ? 1 : 0;
        foreach (var l in _learners.Values)
            if (l.Phase >= SlotPhase.Synced && !l.IsObserver && voters.Contains(l.Sid)) synced++;
        return synced * 2 > voters.Count;
    }
}

internal enum LeaderPhase
{
    NotStarted,
    /// <summary>Waiting for a quorum of FOLLOWERINFO to fix the epoch.</summary>
    Discovery,
    /// <summary>LEADERINFO sent; waiting for a quorum of ACKEPOCH.</summary>
    AwaitingEpochAcks,
    /// <summary>Learners are being synced; waiting for a quorum of NEWLEADER acks.</summary>
    AwaitingNewLeaderAcks,
    Broadcast,
    Failed,
}
