using Keeper.Protocol;

namespace Keeper.Client.Connection;

internal sealed partial class Session
{
    private volatile bool _closing;
    private Task? _closeTask;

    /// <summary>
    /// Java's close: closeSession (-11) if connected, so the server drops the ephemerals now rather than
    /// at expiry, then the socket goes, the Closed event is the last one delivered, and the event queue
    /// drains. Safe to call more than once and from any thread (but do not block on it in a watcher).
    /// </summary>
    public Task CloseAsync(TimeSpan timeout)
    {
        // Task.Run: the close work (which cancels tokens and so may run continuations inline) must not
        // start while this lock is held.
        lock (_stateLock) return _closeTask ??= Task.Run(() => CloseCoreAsync(timeout));
    }

    private async Task CloseCoreAsync(TimeSpan timeout)
    {
        bool wasTerminal = IsTerminal(_state);
        _closing = true;
        if (_state is ZooKeeperState.Connected or ZooKeeperState.ConnectedReadOnly)
        {
            var close = new Packet<NoReply>(OpCode.CloseSession, null, null, null);
            // Not Submit: requests are refused once closing, but this one must still go out.
            if (_outgoing.Writer.TryWrite(close))
            {
                try { await close.Task.WaitAsync(timeout).ConfigureAwait(false); }
                catch (Exception) { }
            }
        }
        lock (_stateLock) _state = IsTerminal(_state) ? _state : ZooKeeperState.Closed;
        await ShutdownAsync().ConfigureAwait(false);
        // Java emits Closed only when the client was still alive; an expired client has already said so.
        if (!wasTerminal) EnqueueStateEvent(Keeper.Protocol.KeeperState.Closed);
        Events.Close();
        await Events.Completion.ConfigureAwait(false);
    }

    /// <summary>Stops connecting, drops the connection and fails everything still waiting.</summary>
    private async Task ShutdownAsync()
    {
        _closing = true;
        _shutdown.Cancel();
        _connection?.Abort();
        try { await _maintainLoop.ConfigureAwait(false); } catch (Exception) { }
        if (_connection is { } connection)
        {
            await connection.Completion.ConfigureAwait(false);
            foreach (var packet in connection.TakeUnanswered()) Fail(packet, LossCode);
        }
        _outgoing.Writer.TryComplete();
        FailOutgoing(LossCode);
    }
}
