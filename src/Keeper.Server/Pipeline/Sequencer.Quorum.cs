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

    /// <summary>Standalone servers always serve; in an ensemble only an established, synced role does, or read-only serving.</summary>
    public bool IsServing => Quorum is null || Quorum.IsServing || IsReadOnly;

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
        if (header.Type == OpCode.CreateSession) FinishedUpgrading(header.ClientId);
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
            Complete(command, ReplyOrRefusal(command, result), OpNames.Short(command.Header.Type));
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

    /// <summary>Sessions our clients used since the last PING, for the leader's session tracker.</summary>
    private void Touched(ClientConnection connection)
    {
        // A local session is no business of the leader's (LearnerSessionTracker.touchSession keeps it here).
        if (IsLearner && connection.SessionId != 0 && !IsLocalSession(connection.SessionId))
            Quorum!.Touch(connection.SessionId, connection.SessionTimeout);
    }
}
