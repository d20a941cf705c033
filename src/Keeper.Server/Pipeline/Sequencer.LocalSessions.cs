using Keeper.Core.Requests;
using Keeper.Core.Sessions;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Server.Network;

namespace Keeper.Server.Pipeline;

/// <summary>
/// Local sessions, ZooKeeper's LocalSessionTracker and UpgradeableSessionTracker: a session known only to the server
/// its client connected to, made, expired and closed there without a txn. A read-only server's sessions are local
/// (see Sequencer.ReadOnly.cs); with localSessionsEnabled an ensemble member makes every new session local too. Such a
/// session cannot move to another member (it is unknown there: SessionExpired) and cannot own an ephemeral: its first
/// ephemeral create upgrades it to a global session with a createSession txn through the leader, or, with
/// localSessionsUpgradingEnabled=false, fails with EphemeralOnLocalSession. Standalone servers ignore the option, as
/// Apache's ZooKeeperServerMain does.
/// </summary>
internal sealed partial class Sequencer
{
    // The sessions made here without a txn: while read-only, or with localSessionsEnabled; else null.
    private SessionTracker? _localSessions;
    // Learner: sessions whose upgrade (createSession) was sent to the leader and has not committed yet, with timeouts.
    private readonly Dictionary<long, int> _upgradingSessions = [];
    // Learner: handshakes resuming a session whose upgrade has not committed yet, answered once it has.
    private readonly Dictionary<long, List<(ClientConnection Connection, ConnectRequest Request)>> _connectsAwaitingUpgrade = [];
    // Learner: forwarded ephemeral creates of local sessions that may not upgrade; answered EphemeralOnLocalSession.
    private readonly HashSet<RequestCommand> _refusedEphemerals = new(ReferenceEqualityComparer.Instance);

    /// <summary>Local sessions now (mntr's zk_local_sessions).</summary>
    public int LocalSessionCount => _localSessions?.Count ?? 0;

    /// <summary>The local sessions (dump's "Local Session Sets"); null when no local sessions are made here.</summary>
    public IEnumerable<Session>? LocalSessionList => _localSessions?.Sessions;

    private bool LocalSessionsEnabled => _options.LocalSessionsEnabled;

    private SessionTracker NewLocalSessionTracker() => new(State.Options.TickTime, State.Options.ServerId, Now);

    /// <summary>At start: with localSessionsEnabled new sessions are local, and a leader accepts writes of others' local sessions.</summary>
    private void StartLocalSessions()
    {
        if (!LocalSessionsEnabled) return;
        _localSessions = NewLocalSessionTracker();
        State.LocalSessions = new LocalSessionRule(State.Options.ServerId, IsLocalSession);
    }

    private bool IsLocalSession(long sessionId) => _localSessions?.Get(sessionId) is not null;

    /// <summary>A live session of either kind, as the request path sees it (a read-only server serves only its local ones).</summary>
    private bool IsLiveSession(long sessionId) =>
        _localSessions?.IsLive(sessionId) == true || _upgradingSessions.ContainsKey(sessionId)
        || (!IsReadOnly && State.Sessions.IsLive(sessionId));

    private void TouchSession(long sessionId)
    {
        if (_localSessions?.Touch(sessionId, Now) == true || IsReadOnly) return;
        State.Sessions.Touch(sessionId, Now);
    }

    /// <summary>A new session made here alone: no txn, so the zxid does not move.</summary>
    private void CreateLocalSession(ClientConnection connection, SessionTracker sessions, int timeout, string kind)
    {
        long sessionId = sessions.NextSessionId();
        sessions.Add(sessionId, timeout, Now);
        Attach(connection, sessionId, timeout);
        Log.Info($"Established {kind} session 0x{sessionId:x} with negotiated timeout {timeout} for client {connection.RemoteText}");
    }

    /// <summary>closeSession of a local session: it ends here, without a txn, and is answered with the current zxid.</summary>
    private void CloseLocalSession(RequestCommand command)
    {
        var connection = command.Connection;
        Log.Info($"Closing local session 0x{connection.SessionId:x}");
        _localSessions!.Remove(connection.SessionId);
        _connectionBySession.Remove(connection.SessionId);
        State.Tree.RemoveWatcher(connection);
        Complete(command, new Reply(ErrorCode.Ok, null), "CLOS");
        connection.CloseAfterFlush();
    }

    /// <summary>Local sessions expire where they live (no txn: nothing of theirs was replicated).</summary>
    private void ExpireLocalSessions(SessionTracker sessions)
    {
        foreach (var session in sessions.ExpireDue(Now))
        {
            Log.Info($"Expiring {(IsReadOnly ? "read-only" : "local")} session 0x{session.Id:x}, timeout of {session.Timeout}ms exceeded");
            sessions.Remove(session.Id);
            if (_connectionBySession.Remove(session.Id, out var connection))
            {
                State.Tree.RemoveWatcher(connection);
                connection.Close();
            }
        }
    }

    /// <summary>
    /// QuorumZooKeeperServer.checkUpgradeSession, before a write of a local session is forwarded or prepared: an
    /// ephemeral create (also inside a multi) needs a global session. Returns the request to run: unchanged, or
    /// carrying the EphemeralOnLocalSession refusal when upgrading is off.
    /// </summary>
    private Request CheckUpgradeSession(RequestCommand command, Request request)
    {
        long sessionId = request.SessionId;
        if (IsReadOnly || !IsLocalSession(sessionId) || !CreatesEphemeral(request.Type, request.Body)) return request;
        if (!_options.LocalSessionsUpgradingEnabled)
        {
            Log.Warn($"Refusing an ephemeral node of local session 0x{sessionId:x}: localSessionsUpgradingEnabled is false");
            if (IsLearner) _refusedEphemerals.Add(command);
            return request with { EphemeralRefusal = ErrorCode.EphemeralOnLocalSession };
        }
        UpgradeSession(sessionId);
        return request;
    }

    /// <summary>
    /// The local session becomes global: a createSession txn for its id, through the existing global-session path
    /// (a learner forwards it to the leader ahead of the create that needed it; a leader proposes it itself).
    /// </summary>
    private void UpgradeSession(long sessionId)
    {
        var local = _localSessions!;
        int timeout = local.Get(sessionId)!.Timeout;
        local.Remove(sessionId);
        Log.Info($"Upgrading session 0x{sessionId:x}");
        if (IsLearner)
        {
            _upgradingSessions[sessionId] = timeout;
            Quorum!.ForwardCreateSession(sessionId, timeout);
            return;
        }
        Submit(new InFlight(State.PrepareCreateSession(sessionId, timeout, Now, WallNow), Origin.Internal, null, null, timeout));
    }

    /// <summary>
    /// Learner: a session being upgraded is in neither table here until its createSession commits (Apache's follower
    /// would ask the leader, which already tracks it): a client resuming it meanwhile waits for that commit.
    /// </summary>
    private bool HeldUntilUpgraded(ClientConnection connection, ConnectRequest request)
    {
        if (!_upgradingSessions.ContainsKey(request.SessionId)) return false;
        if (!_connectsAwaitingUpgrade.TryGetValue(request.SessionId, out var waiting)) _connectsAwaitingUpgrade[request.SessionId] = waiting = [];
        waiting.Add((connection, request));
        return true;
    }

    /// <summary>Learner: a committed createSession ends that session's upgrade; held handshakes resume it as global.</summary>
    private void FinishedUpgrading(long sessionId)
    {
        if (!_upgradingSessions.Remove(sessionId)) return;
        if (_connectsAwaitingUpgrade.Remove(sessionId, out var waiting))
            foreach (var (connection, request) in waiting) HandleConnect(connection, request);
    }

    /// <summary>The role ended before the upgrades committed: their outcome is unknown, so their held clients go.</summary>
    private void DropUpgrades()
    {
        foreach (var waiting in _connectsAwaitingUpgrade.Values)
            foreach (var (connection, _) in waiting) connection.Close();
        _connectsAwaitingUpgrade.Clear();
        _upgradingSessions.Clear();
        _refusedEphemerals.Clear();
    }

    /// <summary>Learner: the reply to a forwarded write, or EphemeralOnLocalSession where this server refused its ephemeral.</summary>
    private Reply ReplyOrRefusal(RequestCommand command, Core.Tree.TxnResult result)
    {
        var reply = WriteReplies.For(command.Header.Type, result);
        // As Apache's follower: its own refusal wins over the leader's error txn, except inside a multi's results.
        if (_refusedEphemerals.Remove(command) && command.Header.Type != OpCode.Multi && result.Err != ErrorCode.Ok)
            return Reply.Error(ErrorCode.EphemeralOnLocalSession);
        return reply;
    }

    /// <summary>create/create2 with an ephemeral mode, or a multi holding one (what checkUpgradeSession looks for).</summary>
    private static bool CreatesEphemeral(OpCode type, Protocol.Jute.IJuteRecord? body) => type switch
    {
        OpCode.Create or OpCode.Create2 => body is CreateRequest create && IsEphemeralFlag(create.Flags),
        OpCode.Multi => body is MultiRequest multi
            && multi.Ops.Any(op => op.Type is OpCode.Create or OpCode.Create2 && op.Body is CreateRequest c && IsEphemeralFlag(c.Flags)),
        _ => false,
    };

    private static bool IsEphemeralFlag(int flags) => CreateModes.IsValid(flags) && ((CreateMode)flags).IsEphemeral();
}
