using Keeper.Core.Requests;
using Keeper.Core.Sessions;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Server.Network;

namespace Keeper.Server.Pipeline;

/// <summary>
/// Read-only serving (readonlymode.enabled), ZooKeeper's ReadOnlyZooKeeperServer: an ensemble member that has been
/// out of quorum for a while answers clients that asked for read-only sessions from its own copy of the tree. Its
/// sessions are local to this server (no txn is made, nothing is replicated) and end when the quorum is back; writes
/// and sync get NotReadOnly; clients without the readOnly flag, and reconnecting global sessions, are closed.
/// </summary>
internal sealed partial class Sequencer
{
    // While serving read-only, every session is local (see Sequencer.LocalSessions.cs): a tracker of its own.
    private volatile bool _isReadOnly;

    /// <summary>Serving read-only clients (srvr's Mode: read-only, isro's ro). Readable from any thread.</summary>
    public bool IsReadOnly => _isReadOnly;

    /// <summary>Out of quorum long enough: serve read-only clients until <see cref="EndReadOnly"/>.</summary>
    public void StartReadOnly()
    {
        if (_isReadOnly) return;
        // Clients held from the last role have global sessions, which are not served here: they must reconnect.
        CloseAllClients("serving read-only clients only");
        _notServingSince = long.MaxValue;
        _localSessions = NewLocalSessionTracker();
        _isReadOnly = true;
        Log.Info("Read-only server started");
    }

    /// <summary>A role starts (or the process stops): the read-only clients are closed so they reconnect read-write.</summary>
    public void EndReadOnly()
    {
        if (!_isReadOnly) return;
        CloseAllClients("leaving read-only mode");
        // The read-only sessions end with their clients; a read-write role makes local sessions only if configured.
        _localSessions = LocalSessionsEnabled ? NewLocalSessionTracker() : null;
        _isReadOnly = false;
        Log.Info("Read-only server stopped");
    }

    /// <summary>processConnectRequest on a read-only server: only read-only clients, and only new or local sessions.</summary>
    private void ConnectReadOnly(ClientConnection connection, ConnectRequest request, SessionTracker sessions)
    {
        if (!request.ReadOnly)
        {
            Log.Info($"Refusing session request for not-read-only client {connection.RemoteText}");
            connection.Close();
            return;
        }
        connection.ClientSentReadOnlyField = request.HasReadOnlyField;
        if (RefusedAsAhead(connection, request)) return;
        int timeout = State.NegotiateTimeout(request.TimeOut);
        long sessionId = request.SessionId;
        if (sessionId == 0)
        {
            CreateLocalSession(connection, sessions, timeout, "read-only");
            return;
        }
        if (State.Sessions.Get(sessionId) is not null)
        {
            Log.Info($"Refusing global session reconnection in RO mode {connection.RemoteText}");
            connection.Close();
            return;
        }
        ResumeSession(connection, request, sessions, timeout, "read-only ");
    }

    /// <summary>
    /// ReadOnlyRequestProcessor: what would change the tree (and sync, which needs a leader) is answered NotReadOnly;
    /// closing a local session ends it here. Returns false for what runs as usual (reads, auth, multiRead).
    /// </summary>
    private bool HandledReadOnly(RequestCommand command)
    {
        switch (command.Header.Type)
        {
            case OpCode.CloseSession:
                CloseLocalSession(command);
                return true;
            case var type when ReadOnlyRules.IsRefused(type):
                Complete(command, Reply.Error(ErrorCode.NotReadOnly), OpNames.Short(type));
                return true;
            default:
                return false;
        }
    }
}
