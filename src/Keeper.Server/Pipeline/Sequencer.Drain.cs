using Keeper.Server.Network;

namespace Keeper.Server.Pipeline;

/// <summary>The graceful half of SIGTERM: no new work, in-flight work finished, each client closed once idle.</summary>
internal sealed partial class Sequencer
{
    private bool _draining;
    private long _drainStartedAt;

    // How long a client that is idle when the drain starts may still send: its request is answered and the close follows
    // that reply (CloseIfIdle after each reply). Closing it at once could cross a request it has just sent, which it
    // would then see fail; a client asking at least once a second (the tutorial's reader asks every 200 ms) instead
    // moves with nothing failed. One idle for longer is closed after this, as before.
    private const long IdleGraceMs = 1_000;

    /// <summary>
    /// SIGTERM: finish what is in flight. Each client is closed (after its replies are flushed) right after a reply
    /// leaves it with nothing outstanding, so it reconnects elsewhere with nothing to retry; one that asks nothing is
    /// closed after <see cref="IdleGraceMs"/>.
    /// </summary>
    public void BeginDrain()
    {
        _draining = true;
        _drainStartedAt = Now;
    }

    /// <summary>Everything our clients asked for is answered, and (leading) everything proposed is committed.</summary>
    public bool IsDrained => _draining && _connectionBySession.Count == 0 && _pendingSessions.Count == 0 && _inFlight.Count == 0;

    private void CloseIdleClients()
    {
        if (!_draining || Now - _drainStartedAt < IdleGraceMs) return;
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
