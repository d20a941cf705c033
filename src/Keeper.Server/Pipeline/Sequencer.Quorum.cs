using Keeper.Core;
using Keeper.Core.Requests;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Server.Network;
using Keeper.Server.Quorum;

namespace Keeper.Server.Pipeline;

/// <summary>
/// The sequencer in an ensemble. One mechanism serves every role: a server applies a stream of committed
/// txns in zxid order and answers the local request each one belongs to. What differs is only where a write
/// becomes a committed txn: a standalone server logs it; a leader proposes it and applies it on a quorum's
/// acks; a follower or observer forwards the request to the leader and applies the txn when it commits,
/// matching it to the waiting request by (session, cxid).
/// </summary>
internal sealed partial class Sequencer
{
    // Follower/observer: requests forwarded to the leader, per session in order, until their txn commits.
    private readonly Dictionary<long, Queue<RequestCommand>> _forwarded = [];
    // Follower/observer: connections whose new session was sent to the leader, until its createSession commits.
    private readonly Dictionary<long, (ClientConnection Connection, int Timeout)> _pendingSessions = [];
    // Follower/observer: sync requests sent to the leader, answered in order.
    private readonly Queue<RequestCommand> _pendingSyncs = new();

    /// <summary>The ensemble layer, or null for a standalone server.</summary>
    public QuorumService? Quorum { get; set; }

    /// <summary>Standalone servers always serve; in an ensemble only an established, synced role does.</summary>
    public bool IsServing => Quorum is null || Quorum.IsServing;

    private bool IsLearner => Quorum is { IsLearner: true };

    /// <summary>Follower and observer clients' writes go to the leader; everyone else's are prepared here.</summary>
    private void Forward(ClientConnection connection, RequestCommand command)
    {
        var header = command.Header;
        if (!_forwarded.TryGetValue(connection.SessionId, out var queue)) _forwarded[connection.SessionId] = queue = new();
        queue.Enqueue(command);
        connection.ForwardedPending++;
        Quorum!.Forward(connection.SessionId, header.Xid, header.Type, command.Body, connection.AuthIds);
    }

    private void ForwardSync(ClientConnection connection, RequestCommand command)
    {
        _pendingSyncs.Enqueue(command);
        connection.ForwardedPending++;
        Quorum!.Forward(connection.SessionId, command.Header.Xid, OpCode.Sync, command.Body, connection.AuthIds);
    }

    /// <summary>A follower's new session: its id is ours to choose; the leader logs the createSession.</summary>
    private void ForwardCreateSession(ClientConnection connection, int timeout)
    {
        long sessionId = State.Sessions.NextSessionId();
        _pendingSessions[sessionId] = (connection, timeout);
        Quorum!.ForwardCreateSession(sessionId, timeout);
    }

    /// <summary>Learner: a committed txn from the leader, applied and answered if it is one of ours.</summary>
    public void ApplyLearnerTxn(in Txn txn)
    {
        var result = State.Apply(txn, Now);
        var header = txn.Header;
        if (header.Type == OpCode.CreateSession && _pendingSessions.Remove(header.ClientId, out var pending))
        {
            if (pending.Connection.IsClosing) return;
            Attach(pending.Connection, header.ClientId, pending.Timeout);
            Log.Info($"Established session 0x{header.ClientId:x} with negotiated timeout {pending.Timeout} for client {pending.Connection.RemoteText}");
            Release(pending.Connection);
            return;
        }
        if (_forwarded.TryGetValue(header.ClientId, out var queue) && queue.Count > 0 && queue.Peek().Header.Xid == header.Cxid)
        {
            var command = queue.Dequeue();
            if (queue.Count == 0) _forwarded.Remove(header.ClientId);
            var connection = command.Connection;
            connection.ForwardedPending--;
            if (command.Header.Type == OpCode.CloseSession)
            {
                Complete(command, new Reply(ErrorCode.Ok, null), "CLOS");
                connection.CloseAfterFlush();
                return;
            }
            Complete(command, WriteReplies.For(command.Header.Type, result), OpNames.Short(command.Header.Type));
            Release(connection);
            return;
        }
        if (header.Type == OpCode.CloseSession && _connectionBySession.Remove(header.ClientId, out var expired))
        {
            // Expired by the leader: close its connection without a word, as ZooKeeper does.
            State.Tree.RemoveWatcher(expired);
            expired.Close();
        }
    }

    /// <summary>Learner: the leader has answered our oldest sync; everything committed before it is applied here.</summary>
    public void SyncAnswered()
    {
        if (!_pendingSyncs.TryDequeue(out var command)) return;
        var connection = command.Connection;
        connection.ForwardedPending--;
        if (connection.IsClosing) return;
        var request = new Request(connection.SessionId, command.Header.Xid, OpCode.Sync, command.Body, connection.AuthIds, connection);
        Complete(command, State.Read(request), "SYNC");
        Release(connection);
    }

    /// <summary>Leader: a write a learner forwarded; prepared like our own clients' (its reply is the learner's business).</summary>
    public void SubmitRemote(Request request)
    {
        if (request.Type == OpCode.CloseSession)
            Submit(new InFlight(State.PrepareCloseSession(request.SessionId, request.Xid, WallNow), Origin.Remote, null, null, 0));
        else
            Submit(new InFlight(State.PrepareWrite(request, WallNow), Origin.Remote, null, null, 0));
    }

    /// <summary>Leader: a learner's client opened a session; the learner chose its id.</summary>
    public void SubmitRemoteCreateSession(long sessionId, int timeout) =>
        Submit(new InFlight(State.PrepareCreateSession(sessionId, State.NegotiateTimeout(timeout), Now, WallNow), Origin.Remote, null, null, timeout));

    /// <summary>Leader: a write failed to parse on the leader: an error txn, as for our own clients.</summary>
    public void SubmitRemoteFailed(Request request, ErrorCode error) =>
        Submit(new InFlight(State.PrepareFailedWrite(request, error, WallNow), Origin.Remote, null, null, 0));

    /// <summary>Leader: everything up to <paramref name="zxid"/> has a quorum: apply it and answer our clients.</summary>
    public void ApplyCommitted(long zxid) => ApplyThrough(zxid);

    /// <summary>A new epoch with us leading (<paramref name="leading"/>) or following: start taking clients.</summary>
    public void StartServing(long epoch, bool leading)
    {
        if (leading) State.StartEpoch(epoch, Now);
        _nextReapAt = Now + _options.ContainerCheckIntervalMs;
        ReleaseHeldClients();
    }

    /// <summary>
    /// The role is over. Clients whose requests were in flight go (their outcome is unknown: ZooKeeper closes
    /// every client here); idle clients are held, with their new requests queued, for up to
    /// <see cref="HoldWhileNotServingMs"/> — a leader that hands over on SIGTERM leaves nothing in flight,
    /// so a rolling restart costs its clients no failed operation. What we logged but never saw committed is
    /// applied, so the state matches the log: Zab treats a server's whole log as its history when the next
    /// leader is chosen and syncs it.
    /// </summary>
    public void EndRole(IEnumerable<Txn> loggedUncommitted, bool leaderRetired = false)
    {
        // A retiring leader committed everything it accepted and dropped the rest: what it never answered
        // is run again once a role serves (forwarded to the next leader, or prepared here if we lead).
        if (leaderRetired) RequeueForwarded();
        var busy = new HashSet<ClientConnection>();
        foreach (var (connection, _) in _pendingSessions.Values) busy.Add(connection);
        foreach (var queue in _forwarded.Values) foreach (var command in queue) busy.Add(command.Connection);
        foreach (var command in _pendingSyncs) busy.Add(command.Connection);
        foreach (var entry in _inFlight) if (entry.Connection is { } c) busy.Add(c);
        foreach (var connection in busy)
        {
            if (connection.SessionId != 0) _connectionBySession.Remove(connection.SessionId);
            State.Tree.RemoveWatcher(connection);
            connection.Close();
        }
        _pendingSessions.Clear();
        _forwarded.Clear();
        _pendingSyncs.Clear();
        while (_inFlight.Count > 0) State.Apply(_inFlight.Dequeue().Txn, Now);
        foreach (var txn in loggedUncommitted) State.Apply(txn, Now);
        _snapshots?.Abandon();
        _notServingSince = Now;
    }

    private void RequeueForwarded()
    {
        var byConnection = new Dictionary<ClientConnection, List<RequestCommand>>();
        foreach (var queue in _forwarded.Values)
            foreach (var command in queue) Add(command);
        foreach (var command in _pendingSyncs) Add(command);
        foreach (var (connection, commands) in byConnection)
        {
            commands.Sort((a, b) => a.Header.Xid.CompareTo(b.Header.Xid));
            commands.AddRange(connection.Deferred);
            connection.Deferred.Clear();
            foreach (var command in commands) connection.Deferred.Enqueue(command);
            connection.ForwardedPending = 0;
        }
        _forwarded.Clear();
        _pendingSyncs.Clear();

        void Add(RequestCommand command)
        {
            if (!byConnection.TryGetValue(command.Connection, out var list)) byConnection[command.Connection] = list = [];
            list.Add(command);
        }
    }

    /// <summary>How long idle clients are held while no role serves (an election normally takes well under this).</summary>
    public const long HoldWhileNotServingMs = 3000;

    private long _notServingSince = long.MaxValue;

    /// <summary>Held clients give up when no role serves for too long: they reconnect elsewhere, as Apache's would at once.</summary>
    private void DropHeldClientsIfTooLong()
    {
        if (IsServing || _notServingSince == long.MaxValue || Now - _notServingSince < HoldWhileNotServingMs) return;
        _notServingSince = long.MaxValue;
        CloseAllClients("no quorum for too long");
    }

    private void CloseAllClients(string reason)
    {
        if (_connectionBySession.Count > 0) Log.Info($"Closing {_connectionBySession.Count} client connections: {reason}");
        foreach (var connection in _connectionBySession.Values.ToList())
        {
            State.Tree.RemoveWatcher(connection);
            connection.Close();
        }
        _connectionBySession.Clear();
    }

    /// <summary>Serving again: the held clients' queued requests run.</summary>
    private void ReleaseHeldClients()
    {
        _notServingSince = long.MaxValue;
        foreach (var connection in _connectionBySession.Values.ToList()) Release(connection);
    }

    /// <summary>After a TRUNC or a SNAP: the state is rebuilt from disk or from the leader's snapshot.</summary>
    public void ReplaceState(StateMachine state)
    {
        // Watches live in the old tree: held clients must reconnect and set them again.
        CloseAllClients("the state was replaced by the leader's");
        _snapshots?.Abandon();
        State = state;
    }

    private bool _draining;

    /// <summary>
    /// SIGTERM: take no new work but finish what is in flight. Each client is closed (after its replies are
    /// flushed) as soon as it has nothing outstanding, so it reconnects elsewhere with nothing to retry.
    /// </summary>
    public void BeginDrain()
    {
        _draining = true;
        CloseIdleClients();
    }

    /// <summary>Everything our clients asked for is answered, and (leading) everything proposed is committed.</summary>
    public bool IsDrained => _draining && _connectionBySession.Count == 0 && _pendingSessions.Count == 0 && _inFlight.Count == 0;

    private void CloseIdleClients()
    {
        if (!_draining) return;
        foreach (var connection in _connectionBySession.Values.ToList()) CloseIfIdle(connection);
    }

    /// <summary>
    /// Draining: closes a client the moment its last reply is queued, so the close follows that reply on the
    /// wire. A client that sends its next request only after reading the reply then sees the close first and
    /// queues that request for its next server instead of losing it in flight.
    /// </summary>
    private void CloseIfIdle(ClientConnection connection)
    {
        if (!_draining || connection.IsClosing) return;
        bool busy = connection.ForwardedPending > 0 || connection.Deferred.Count > 0
            || connection.LastWriteZxid > State.LastProcessedZxid;
        if (busy || connection.SessionId == 0 || !_connectionBySession.Remove(connection.SessionId)) return;
        State.Tree.RemoveWatcher(connection);
        connection.CloseAfterFlush();
    }

    /// <summary>Sessions our clients used since the last PING, for the leader's session tracker.</summary>
    private void Touched(ClientConnection connection)
    {
        if (IsLearner && connection.SessionId != 0) Quorum!.Touch(connection.SessionId, connection.SessionTimeout);
    }
}
