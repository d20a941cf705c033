using Keeper.Consensus.Election;
using Keeper.Consensus.Quorum;
using Keeper.Consensus.Zab;

namespace Keeper.Consensus.Peer;

/// <summary>
/// One server of an ensemble as a deterministic state machine: leader election until a decision, then the
/// Zab role it decided (leader, follower or observer) until that role fails, then election again — ZooKeeper's
/// QuorumPeer.run loop without its threads. The real server and the simulation both drive this one class, so
/// what the simulation proves is what the server runs.
/// </summary>
internal sealed class QuorumPeer
{
    private readonly Outbox<PeerAction> _actions = new();
    private readonly IPeerStore _store;
    private readonly ZabOptions _zab;
    private long _leaderConnectDeadline;

    public QuorumPeer(long myId, QuorumVerifier verifier, IPeerStore store, ZabOptions zab, ElectionOptions? election = null)
    {
        MyId = myId;
        Verifier = verifier;
        _store = store;
        _zab = zab;
        Election = new FastLeaderElection(myId, verifier, election);
    }

    public long MyId { get; }
    public QuorumVerifier Verifier { get; private set; }

    public FastLeaderElection Election { get; }
    public ServerState Role { get; private set; } = ServerState.Looking;
    public Leader? Leader { get; private set; }
    public Learner? Learner { get; private set; }

    /// <summary>The leader we follow or observe (or ourselves when leading); -1 while looking.</summary>
    public long LeaderId { get; private set; } = -1;

    /// <summary>Whether this server may answer clients now: its role is established and in sync.</summary>
    public bool IsServing => Leader?.IsServing == true || Learner?.IsServing == true;

    public List<PeerAction> TakeActions()
    {
        Collect();
        return _actions.Take();
    }

    /// <summary>Start-up: look for a leader with what is on disk.</summary>
    public void Start(long now) => Look(now);

    /// <summary>
    /// After <see cref="RoleEnded"/>: the host has cleaned up; look again, or, when a reconfig just named the next
    /// leader, take our role under it without an election (Apache's reconfigFlag).
    /// </summary>
    public void Restart(long now)
    {
        if (Role != ServerState.Looking || Leader is not null || Learner is not null) return;
        if (_designated is { } designated)
        {
            _designated = null;
            Election.Designate(designated, _store.History.LastLoggedZxid);
            Collect(now);
            return;
        }
        Look(now);
    }

    // The leader a reconfig named, when it ended our role: the next role goes straight to it.
    private long? _designated;

    public void ElectionReceived(long from, Notification notification, long now)
    {
        if (Role == ServerState.Looking && NewerMembership(notification) is { } seen) _actions.Add(seen with { From = from });
        Election.Receive(from, notification, now);
        Collect(now);
    }

    // ---- leader side ----

    public void LearnerConnected(long connection, long now)
    {
        if (Leader is null) { _actions.Add(new ZabStep(new Disconnect(connection, "not leading"))); return; }
        Leader.Connected(connection, now);
        Collect(now);
    }

    public void LearnerMessage(long connection, ZabMessage message, long now)
    {
        Leader?.Receive(connection, message, now);
        Collect(now);
    }

    public void LearnerDisconnected(long connection, long now)
    {
        Leader?.Disconnected(connection);
        Collect(now);
    }

    /// <summary>Only while leading and serving: a new txn numbered <see cref="Zab.Leader.NextZxid"/>.</summary>
    public void Propose(Proposal proposal, long now)
    {
        (Leader ?? throw new InvalidOperationException("not leading")).Propose(proposal);
        Collect(now);
    }

    /// <summary>Only while leading and serving: a reconfig txn, committed with the old and the new voters.</summary>
    public void ProposeReconfig(Proposal proposal, IReadOnlySet<long> voters, IReadOnlySet<long> observers, long now)
    {
        (Leader ?? throw new InvalidOperationException("not leading")).ProposeReconfig(proposal, voters, observers);
        Collect(now);
    }

    // ---- learner side ----

    public void LeaderConnected(long now)
    {
        Learner?.Start(now);
        Collect(now);
    }

    public void LeaderMessage(ZabMessage message, long now)
    {
        Learner?.Receive(message, now);
        Collect(now);
    }

    /// <summary>The connection to the leader failed or closed (or could not be made).</summary>
    public void LeaderLost(string reason, long now)
    {
        if (Learner is null) return;
        EndRole(reason);
    }

    // ---- both ----

    // The newest membership version a notification has offered us (each is offered to the host once).
    private long _newestSeenVersion;

    // A notification's config is "server.N=...\n...version=<hex>"; only a newer one that includes us is offered, once.
    private NewerMembershipSeen? NewerMembership(Notification notification)
    {
        if (notification.Config is not { Length: > 0 } bytes) return null;
        string text;
        QuorumVerifier offered;
        try
        {
            text = System.Text.Encoding.UTF8.GetString(bytes);
            offered = QuorumVerifier.Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }
        if (offered.Version <= Verifier.Version || offered.Version <= _newestSeenVersion || !offered.IsMember(MyId)) return null;
        _newestSeenVersion = offered.Version;
        return new NewerMembershipSeen(-1, text, offered.Version);
    }

    /// <summary>A membership learned from a notification while looking: the election starts a new round with it.</summary>
    public void AdoptMembership(QuorumVerifier verifier, long now)
    {
        AdoptMembership(verifier);
        if (Role == ServerState.Looking && Leader is null && Learner is null) Look(now);
    }

    /// <summary>The leader's membership learned while syncing (NEWLEADER): used from the next election on, no role change.</summary>
    public void AdoptMembership(QuorumVerifier verifier)
    {
        Verifier = verifier;
        Election.Reconfigure(verifier);
    }

    /// <summary>
    /// The host read the membership of an activated reconfig (QuorumPeer.processReconfig): it becomes ours. A learner
    /// whose leader is no longer the designated one, or whose learner type changed (updateLearnerType: observer or
    /// not), leaves its role and takes the new one under the designated leader. A server outside the new membership
    /// is a participant that does not vote (Apache's updateLearnerType): a follower goes on following, an observer
    /// leaves its role to follow, as a non-voting follower whose acks and votes count for nothing, until it is stopped.
    /// A leader's own Zab core has switched already.
    /// </summary>
    public void Reconfigure(QuorumVerifier verifier, long designatedLeader, long now)
    {
        bool wasObserver = Verifier.IsObserver(MyId);
        AdoptMembership(verifier);
        if (Learner is not null && (designatedLeader != LeaderId || wasObserver != verifier.IsObserver(MyId)))
        {
            _designated = designatedLeader;
            EndRole($"reconfig: server {designatedLeader} leads the new membership");
        }
        else if (Leader is null && Learner is null && designatedLeader != MyId)
        {
            // A leader the reconfig moved out of the voters has ended its role already (handing over).
            _designated = designatedLeader;
        }
        Collect(now);
    }

    /// <summary>The local log made everything up to <paramref name="zxid"/> durable.</summary>
    public void Logged(long zxid, long now)
    {
        Leader?.Logged(zxid);
        Learner?.Logged(zxid);
        Collect(now);
    }

    public void Tick(long now)
    {
        if (Role == ServerState.Looking) Election.Tick(now);
        Leader?.Tick(now);
        if (Learner is { } learner)
        {
            // A learner that never gets its connection up gives up after initLimit ticks, as ZooKeeper's
            // connectToLeader does after its retries.
            if (learner.Phase == LearnerPhase.NotStarted && now > _leaderConnectDeadline) LeaderLost("cannot reach the leader", now);
            else learner.Tick(now);
        }
        Collect(now);
    }

    private void Look(long now)
    {
        Role = ServerState.Looking;
        LeaderId = -1;
        var history = _store.History;
        Election.SetPending(_store.LoggedMembership);
        Election.StartLooking(history.LastLoggedZxid, history.CurrentEpoch, now);
        Collect(now);
    }

    /// <summary>Moves everything the election and the Zab role emitted into our action list, and acts on decisions.</summary>
    private void Collect(long now = long.MinValue)
    {
        foreach (var output in Election.TakeOutputs())
        {
            switch (output)
            {
                case SendNotification send: _actions.Add(new ElectionSend(send.To, send.Notification)); break;
                case Decision decision: Decide(decision, now); break;
            }
        }
        if (Leader is { } leader) TakeZab(leader.TakeActions());
        if (Learner is { } learner) TakeZab(learner.TakeActions());
    }

    private void Decide(Decision decision, long now)
    {
        Role = decision.Role;
        LeaderId = decision.Vote.Leader;
        var history = _store.History;
        if (decision.Role == ServerState.Leading)
        {
            Leader = new Leader(MyId, Verifier.Voters.ToHashSet(), Verifier.Observers.ToHashSet(), history,
                _store.RecentHistory(_zab.HistoryCapacity), _zab, UnactivatedReconfig());
            _actions.Add(new StartLeading());
            Leader.Start(now);
        }
        else
        {
            Learner = new Learner(MyId, decision.Role == ServerState.Observing, history, _zab);
            _leaderConnectDeadline = now + _zab.InitTimeoutMs;
            _actions.Add(new ConnectToLeader(decision.Vote.Leader));
        }
    }

    // A reconfig txn in our log whose membership is newer than ours: its proposer failed before activating it.
    private MembershipChange? UnactivatedReconfig() =>
        _store.LoggedMembership is { } logged && logged.Version > Verifier.Version
            ? new MembershipChange(logged.Version, logged.Voters.ToHashSet(), logged.Observers.ToHashSet())
            : null;

    private void TakeZab(List<ZabAction> actions)
    {
        foreach (var action in actions)
        {
            if (action is Fail fail) { EndRole(fail.Reason); return; }
            if (action is StartServing serving) Election.UpdateVoteEpoch(serving.Epoch);
            _actions.Add(new ZabStep(action));
        }
    }

    private void EndRole(string reason)
    {
        var role = Role;
        Leader = null;
        Learner = null;
        LeaderId = -1;
        Role = ServerState.Looking;
        _actions.Add(new RoleEnded(role, reason));
    }
}
