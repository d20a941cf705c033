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
        if (_readOnlySessions is { } readOnlySessions)
        {
            ConnectReadOnly(connection, request, readOnlySessions);
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
        if (request.LastZxidSeen > State.LastProcessedZxid)
        {
            // The client has seen a newer state than ours: it must try another server.
            Log.Info($"Refusing session request for client {connection.RemoteText} as it has seen zxid 0x{request.LastZxidSeen:x} our last zxid is 0x{State.LastProcessedZxid:x} client must try another server");
            connection.Close();
            return;
        }
        int timeout = State.NegotiateTimeout(request.TimeOut);
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

        // ZooKeeper closes whatever connection holds the session before it even checks the password.
        if (_connectionBySession.Remove(request.SessionId, out var previous) && previous != connection)
        {
            State.Tree.RemoveWatcher(previous);
            previous.Close();
        }
        var session = State.Sessions.Get(request.SessionId);
        bool valid = session is { IsClosing: false } && request.Password is { } password
            && password.AsSpan().SequenceEqual(SessionPassword.For(request.SessionId));
        if (!valid)
        {
            Log.Info($"Invalid session 0x{request.SessionId:x} for client {connection.RemoteText}, probably expired");
            connection.Outbound.EnqueueBare(new ConnectResponse(0, 0, 0, new byte[16], false, connection.ClientSentReadOnlyField));
            connection.CloseAfterFlush();
            return;
        }
        session!.Timeout = timeout;
        State.Sessions.Touch(request.SessionId, Now);
        Attach(connection, request.SessionId, timeout);
        Touched(connection);
        Log.Info($"Re-established session 0x{request.SessionId:x} with negotiated timeout {timeout} for client {connection.RemoteText}");
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
        if (_readOnlySessions is { } readOnlySessions) ExpireReadOnlySessions(readOnlySessions);
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
