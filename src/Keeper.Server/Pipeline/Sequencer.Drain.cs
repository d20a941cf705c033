using Keeper.Server.Network;

namespace Keeper.Server.Pipeline;

/// <summary>The graceful half of SIGTERM: no new work, in-flight work finished, each client closed once idle.</summary>
internal sealed partial class Sequencer
{
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
}
