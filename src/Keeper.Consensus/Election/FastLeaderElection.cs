using System.Text;
using Keeper.Consensus.Quorum;

namespace Keeper.Consensus.Election;

/// <summary>
/// Apache ZooKeeper 3.8's fast leader election as a deterministic state machine: no sockets, threads, clock or
/// randomness. The host feeds it <see cref="StartLooking"/>, <see cref="Receive"/> and <see cref="Tick"/> with the
/// current time in milliseconds and drains <see cref="TakeOutputs"/> for notifications to send and the decision.
/// <para>
/// Apache splits the algorithm between a receiver thread (answers peers at once, see the Replies part) and
/// lookForLeader's loop over a queue (the Looking part). Here both run, in that order, inside one
/// <see cref="Receive"/> call, and the loop's blocking polls become deadlines that <see cref="Tick"/> checks.
/// </para>
/// <para>
/// Apache also sends each broadcast to itself, and that copy goes through the same queue as everyone else's
/// messages (it is how a server's own vote lands in its received votes, and why a resend re-checks for a
/// quorum). We keep that: copies to ourselves go to a local queue that is processed right after the input that
/// caused them, so they never show up as <see cref="SendNotification"/> outputs.
/// </para>
/// </summary>
internal sealed partial class FastLeaderElection
{
    private QuorumVerifier _verifier;
    // The membership of a reconfig in our log that has not taken effect (Apache's lastSeenQuorumVerifier), or null.
    private QuorumVerifier? _pending;
    private readonly ElectionOptions _options;
    private byte[] _config;
    private readonly List<ElectionOutput> _outputs = new();
    private readonly Queue<Notification> _toSelf = new();

    // lookForLeader's recvset: votes of this round, LOOKING ones and decided peers' alike.
    private readonly Dictionary<long, TalliedVote> _received = new();

    // lookForLeader's outofelection: what FOLLOWING/LEADING peers report, whatever their round, so a server that
    // arrives late can join an ensemble that already has a leader.
    private readonly Dictionary<long, TalliedVote> _outOfElection = new();

    private long _proposedLeader = -1;
    private long _proposedZxid = -1;
    private long _proposedEpoch = -1;
    private Vote _initial;
    private long _notificationInterval;
    private long _deadline;
    private bool _finalizing;
    private bool _started;

    public FastLeaderElection(long myId, QuorumVerifier verifier, ElectionOptions? options = null)
    {
        MyId = myId;
        _verifier = verifier;
        _options = options ?? ElectionOptions.Default;
        _config = Encoding.UTF8.GetBytes(verifier.ToConfigString());
        IsNonVoter = !verifier.IsVoter(myId);
        _notificationInterval = _options.MinNotificationInterval;
    }

    public long MyId { get; }

    /// <summary>
    /// Taken from the configuration rather than passed in: a server that is not a voting member (an observer, or a
    /// server a reconfig removed) can neither be voted for nor count, which is what Apache's observer case amounts to.
    /// </summary>
    public bool IsNonVoter { get; private set; }

    /// <summary>
    /// A reconfig took effect: later rounds count votes, and our notifications carry the membership, of
    /// <paramref name="verifier"/> (QuorumPeer.setQuorumVerifier). Takes effect at the next <see cref="StartLooking"/>.
    /// </summary>
    public void Reconfigure(QuorumVerifier verifier)
    {
        _verifier = verifier;
        if (_pending is { } pending && pending.Version <= verifier.Version) _pending = null;
        _config = Encoding.UTF8.GetBytes(verifier.ToConfigString());
        IsNonVoter = !verifier.IsVoter(MyId);
    }

    /// <summary>
    /// The membership of a reconfig our log holds but that never took effect, or null (set before each
    /// <see cref="StartLooking"/>). As Apache's getVoteTracker and getCurrentAndNextConfigVoters do with the last seen
    /// quorum verifier, its voters take part too (we send them our votes and count theirs), and a decision needs a
    /// quorum of it as well as of the committed membership: the leader that completes the reconfig needs both.
    /// </summary>
    public void SetPending(QuorumVerifier? pending) =>
        _pending = pending is not null && pending.Version > _verifier.Version ? pending : null;

    /// <summary>LOOKING while electing; the decided role afterwards, until the host calls <see cref="StartLooking"/> again.</summary>
    public ServerState State { get; private set; } = ServerState.Looking;

    /// <summary>The election round. Each <see cref="StartLooking"/> adds one; a peer's higher round is adopted.</summary>
    public long LogicalClock { get; private set; }

    /// <summary>Whom we vote for in the current round (FastLeaderElection.getVote, with the round filled in).</summary>
    public Vote Proposal => new(_proposedLeader, _proposedZxid, LogicalClock, _proposedEpoch);

    /// <summary>
    /// QuorumPeer's current vote: the last decision, or before the first one (myId, lastLoggedZxid, round -1,
    /// currentEpoch). It is what decided servers tell LOOKING peers, and what anyone tells a non-voter.
    /// </summary>
    public Vote CurrentVote { get; private set; }

    /// <summary>When <see cref="Tick"/> next has work: a resend, or the end of the finalize wait; null when not looking.</summary>
    public long? NextDeadline => _started && State == ServerState.Looking ? _deadline : null;

    /// <summary>Whether a quorum agrees with our proposal and we are waiting out finalizeWait for a better vote.</summary>
    public bool IsFinalizing => _finalizing;

    /// <summary>
    /// Begin a new round (lookForLeader): at start-up and whenever following, leading or observing ends.
    /// </summary>
    public void StartLooking(long lastLoggedZxid, long currentEpoch, long now)
    {
        if (!_started)
        {
            // QuorumPeer.startLeaderElection: only the very first election starts from a self vote; later ones
            // keep answering with the previous decision until the new one is made.
            CurrentVote = new Vote(MyId, lastLoggedZxid, -1, currentEpoch);
            _started = true;
        }
        State = ServerState.Looking;
        LogicalClock++;
        // A non-voter proposes nobody: every voter's vote beats Long.MIN_VALUE.
        _initial = IsNonVoter
            ? new Vote(long.MinValue, long.MinValue, 0, long.MinValue)
            : new Vote(MyId, lastLoggedZxid, 0, currentEpoch);
        Propose(_initial.Leader, _initial.Zxid, _initial.PeerEpoch);
        _received.Clear();
        _outOfElection.Clear();
        _toSelf.Clear();
        _finalizing = false;
        _notificationInterval = _options.MinNotificationInterval;
        _deadline = now + _notificationInterval;
        Broadcast();
        DrainSelf(now);
    }

    /// <summary>A notification from peer <paramref name="fromSid"/> (already decoded by the wire codec).</summary>
    public void Receive(long fromSid, Notification n, long now)
    {
        RequireStarted();
        Accept(fromSid, n, now);
        DrainSelf(now);
    }

    /// <summary>
    /// Let time pass. While looking with nothing received for the notification interval, resend our vote and
    /// double the interval (up to the maximum); at the end of a quiet finalize wait, decide.
    /// </summary>
    public void Tick(long now)
    {
        if (!_started || State != ServerState.Looking || now < _deadline)
            return;
        if (_finalizing)
        {
            Decide(RoleFor(_proposedLeader), Proposal);
            return;
        }
        // Apache resends only if QuorumCnxManager has delivered its queues and otherwise reconnects; connections
        // are the host's business, so we always resend.
        Broadcast();
        _notificationInterval = Math.Min(_notificationInterval * 2, _options.MaxNotificationInterval);
        _deadline = now + _notificationInterval;
        DrainSelf(now);
    }

    /// <summary>
    /// QuorumPeer.updateElectionVote (ZOOKEEPER-1732): once a role serves in a new epoch, the vote we answer LOOKING
    /// peers with carries that epoch. Every member of an ensemble then reports the same (leader, peer epoch), which
    /// Apache's joiners require of a quorum of decided peers: without it a server that starts late stays LOOKING.
    /// </summary>
    public void UpdateVoteEpoch(long servingEpoch)
    {
        if (!_started) return;
        CurrentVote = CurrentVote with { PeerEpoch = servingEpoch };
    }

    /// <summary>
    /// A committed reconfig named the next leader (QuorumPeer.updateVote, then updateServerState with the reconfig
    /// flag set): we take our role under it at once, as if an election had decided it. The vote carries no round or
    /// epoch (Apache's Vote(id, zxid)); serving fills the epoch in. Should that leader never lead, the role fails and
    /// the next <see cref="StartLooking"/> elects as usual.
    /// </summary>
    public void Designate(long leader, long zxid)
    {
        RequireStarted();
        Decide(RoleFor(leader), new Vote(leader, zxid, -1, -1));
    }

    /// <summary>Everything produced since the last call, in order.</summary>
    public IReadOnlyList<ElectionOutput> TakeOutputs()
    {
        var taken = _outputs.ToArray();
        _outputs.Clear();
        return taken;
    }

    private void Accept(long fromSid, Notification n, long now)
    {
        if (!IsVoter(fromSid))
        {
            ReplyToNonVoter(fromSid);
            return;
        }
        if (State == ServerState.Looking)
        {
            ReplyIfBehind(fromSid, n);
            Dequeue(fromSid, n, now);
        }
        else
        {
            ReplyWhileDecided(fromSid, n);
        }
    }

    private void DrainSelf(long now)
    {
        while (_toSelf.TryDequeue(out var n))
            Accept(MyId, n, now);
    }

    private void Propose(long leader, long zxid, long epoch)
    {
        _proposedLeader = leader;
        _proposedZxid = zxid;
        _proposedEpoch = epoch;
    }

    /// <summary>sendNotifications: our proposal to every voter, ourselves included.</summary>
    private void Broadcast()
    {
        foreach (var voter in Voters())
        {
            var n = MakeNotification(ServerState.Looking, Proposal, LogicalClock);
            if (voter == MyId)
                _toSelf.Enqueue(n);
            else
                _outputs.Add(new SendNotification(voter, n));
        }
    }

    private bool IsVoter(long sid) => _verifier.IsVoter(sid) || _pending?.IsVoter(sid) == true;

    private IEnumerable<long> Voters() => _pending is null ? _verifier.Voters : _verifier.Voters.Union(_pending.Voters);

    private bool ContainsQuorums(IReadOnlyCollection<long> agreeing) =>
        _verifier.ContainsQuorum(agreeing) && (_pending is null || _pending.ContainsQuorum(agreeing));

    private Notification MakeNotification(ServerState state, in Vote vote, long round) =>
        new(state, vote.Leader, vote.Zxid, round, vote.PeerEpoch, Notification.CurrentVersion, _config);

    // QuorumPeer.learningState: only a listed observer observes. A server outside the membership (a reconfig removed
    // it) keeps Apache's learner type PARTICIPANT and follows, as a non-voting follower, though it votes like an observer.
    private ServerState RoleFor(long leader) =>
        leader == MyId ? ServerState.Leading : _verifier.IsObserver(MyId) ? ServerState.Observing : ServerState.Following;

    private void Decide(ServerState role, Vote vote)
    {
        State = role;
        CurrentVote = vote;
        _finalizing = false;
        // leaveInstance clears the queue: nothing received during this election is looked at again.
        _toSelf.Clear();
        _outputs.Add(new Decision(role, vote));
    }

    private void RequireStarted()
    {
        if (!_started)
            throw new InvalidOperationException("StartLooking must be called before the election can take messages");
    }
}
