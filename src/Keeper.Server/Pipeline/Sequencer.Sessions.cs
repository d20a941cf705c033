using Keeper.Core.Requests;
using Keeper.Core.Sessions;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Server.Network;

namespace Keeper.Server.Pipeline;

/// <summary>Handshakes, disconnects, session expiry and the container/TTL reaper.</summary>
internal sealed partial class Sequencer
{
    private void HandleConnect(ClientConnection connection, ConnectRequest request)
    {
        if (connection.IsClosing) return;
        if (IsReadOnly)
        {
            ConnectReadOnly(connection, request, _localSessions!);
            return;
        }
        if (!IsServing)
        {
            // ZooKeeper closes client connections while it is not serving (no quorum, or still syncing).
            Log.Info($"Refusing session request for client {connection.RemoteText}: this server is not serving (no quorum yet)");
            connection.Close();
            return;
        }
        connection.ClientSentReadOnlyField = request.HasReadOnlyField;
        if (RefusedAsAhead(connection, request)) return;
        int timeout = State.NegotiateTimeout(request.TimeOut);
        if (request.SessionId == 0 && _localSessions is { } localSessions)
        {
            CreateLocalSession(connection, localSessions, timeout, "local");
            return;
        }
        if (request.SessionId == 0 && IsLearner)
        {
            ForwardCreateSession(connection, timeout);
            return;
        }
        if (request.SessionId == 0)
        {
            var txn = State.PrepareCreateSession(timeout, Now, WallNow);
            Submit(new InFlight(txn, Origin.CreateSession, connection, null, timeout));
            return;
        }

        if (HeldUntilUpgraded(connection, request)) return;
        // A local session resumes only here; another member's is unknown to both tables and so has expired.
        if (IsLocalSession(request.SessionId)) ResumeSession(connection, request, _localSessions!, timeout, "local ");
        else ResumeSession(connection, request, State.Sessions, timeout, "");
    }

    /// <summary>The client has seen a newer state than ours: it must try another server. True when refused.</summary>
    private bool RefusedAsAhead(ClientConnection connection, ConnectRequest request)
    {
        if (request.LastZxidSeen <= State.LastProcessedZxid) return false;
        Log.Info($"Refusing session request for client {connection.RemoteText} as it has seen zxid 0x{request.LastZxidSeen:x} our last zxid is 0x{State.LastProcessedZxid:x} client must try another server");
        connection.Close();
        return true;
    }

    /// <summary>
    /// A client resuming a session of <paramref name="sessions"/> (the replicated table, or the local one while
    /// read-only): checked by password and answered with its ConnectResponse, or an invalid-session answer and a close.
    /// </summary>
    private void ResumeSession(ClientConnection connection, ConnectRequest request, SessionTracker sessions, int timeout, string kind)
    {
        long sessionId = request.SessionId;
        // ZooKeeper closes whatever connection holds the session before it even checks the password.
        if (_connectionBySession.Remove(sessionId, out var previous) && previous != connection)
        {
            State.Tree.RemoveWatcher(previous);
            previous.Close();
        }
        bool valid = sessions.IsLive(sessionId) && request.Password is { } password
            && password.AsSpan().SequenceEqual(SessionPassword.For(sessionId));
        if (!valid)
        {
            Log.Info($"Invalid session 0x{sessionId:x} for client {connection.RemoteText}, probably expired");
            connection.Outbound.EnqueueBare(new ConnectResponse(0, 0, 0, new byte[16], IsReadOnly, connection.ClientSentReadOnlyField));
            connection.CloseAfterFlush();
            return;
        }
        sessions.Get(sessionId)!.Timeout = timeout;
        sessions.Touch(sessionId, Now);
        Attach(connection, sessionId, timeout);
        Touched(connection);
        Log.Info($"Re-established {kind}session 0x{sessionId:x} with negotiated timeout {timeout} for client {connection.RemoteText}");
        Release(connection);
    }

    private void Attach(ClientConnection connection, long sessionId, int timeout)
    {
        connection.SessionId = sessionId;
        connection.SessionTimeout = timeout;
        _connectionBySession[sessionId] = connection;
        connection.Outbound.EnqueueBare(new ConnectResponse(0, timeout, sessionId, SessionPassword.For(sessionId), IsReadOnly,
            connection.ClientSentReadOnlyField));
        connection.Stats.PacketsSent++;
        Stats.CountSent();
    }

    private void HandleDisconnect(ClientConnection connection)
    {
        State.Tree.RemoveWatcher(connection);
        if (connection.SessionId != 0 && _connectionBySession.TryGetValue(connection.SessionId, out var current) && current == connection)
            _connectionBySession.Remove(connection.SessionId);
        connection.Close();
    }

    private void HandleTick()
    {
        DropHeldClientsIfTooLong();
        CloseIdleClients();
        if (_localSessions is { } localSessions) ExpireLocalSessions(localSessions);
        // Sessions expire and containers are reaped only where txns are made: standalone or on the leader.
        if (Quorum is { IsLeading: false }) return;
        foreach (var session in State.Sessions.ExpireDue(Now))
        {
            Log.Info($"Expiring session 0x{session.Id:x}, timeout of {session.Timeout}ms exceeded");
            _connectionBySession.Remove(session.Id, out var connection);
            if (connection is not null) State.Tree.RemoveWatcher(connection);
            Submit(new InFlight(State.PrepareCloseSession(session.Id, 0, WallNow), Origin.Expiry, connection, null, 0));
        }
        if (Now >= _nextReapAt)
        {
            _nextReapAt = Now + _options.ContainerCheckIntervalMs;
            foreach (var path in Core.Tree.ContainerReaper.Candidates(State.Tree, WallNow, _options.ContainerMaxNeverUsedIntervalMs))
            {
                var request = new Request(0, 0, OpCode.DeleteContainer, new PathRecord(path), [], null);
                Submit(new InFlight(State.PrepareWrite(request, WallNow), Origin.Internal, null, null, 0));
            }
        }
    }
}
