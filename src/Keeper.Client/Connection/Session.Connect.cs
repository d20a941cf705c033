using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Client.Connection;

internal sealed partial class Session
{
    private enum AttemptOutcome { Connected, Failed, Expired }

    /// <summary>Reconnect backoff after every host failed in a row (Java sleeps up to 1 s per attempt).</summary>
    private const int MinBackoffMs = 50;
    private const int MaxBackoffMs = 1000;

    private readonly CancellationTokenSource _shutdown = new();
    private bool _seenRwServerBefore;
    private Connection? _connection;
    private Task _maintainLoop = Task.CompletedTask;
    private Exception? _lastConnectError;

    /// <summary>
    /// Java's connectTimeout: a share of the session timeout per host, so a whole round over the
    /// ensemble fits in one session timeout.
    /// </summary>
    private TimeSpan AttemptTimeout
    {
        get
        {
            int timeout = _negotiatedTimeout > 0 ? _negotiatedTimeout : _options.SessionTimeoutMs;
            return TimeSpan.FromMilliseconds(Math.Max(timeout / _hosts.Count, 100));
        }
    }

    /// <summary>Establishes the first session, then keeps it connected in the background.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        limit.CancelAfter(_options.ConnectTimeout);
        int backoff = 0;
        try
        {
            while (true)
            {
                if (_hosts.CycledWithoutSuccess) backoff = await BackoffAsync(backoff, limit.Token).ConfigureAwait(false);
                var outcome = await AttemptAsync(_hosts.Next(), limit.Token).ConfigureAwait(false);
                if (outcome == AttemptOutcome.Connected) break;
                if (outcome == AttemptOutcome.Expired) throw new KeeperException(ErrorCode.SessionExpired);
                FailOutgoing(ErrorCode.ConnectionLoss);
                limit.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await AbandonAsync().ConfigureAwait(false);
            throw new TimeoutException(
                $"could not establish a session with {_options.ConnectString} within {_options.ConnectTimeout}"
                + (_lastConnectError is null ? "" : $": {_lastConnectError.Message}"),
                _lastConnectError);
        }
        catch
        {
            await AbandonAsync().ConfigureAwait(false);
            throw;
        }
        _maintainLoop = Task.Run(MaintainAsync);
    }

    /// <summary>The first session never came: release everything, after delivering what was queued (Expired).</summary>
    private async Task AbandonAsync()
    {
        lock (_stateLock) _state = IsTerminal(_state) ? _state : ZooKeeperState.Closed;
        await ShutdownAsync().ConfigureAwait(false);
        Events.Close();
        await Events.Completion.ConfigureAwait(false);
    }

    private async Task<int> BackoffAsync(int previous, CancellationToken cancellationToken)
    {
        _hosts.ResetCycle();
        int next = previous == 0 ? MinBackoffMs : Math.Min(previous * 2, MaxBackoffMs);
        await Task.Delay(next + Random.Shared.Next(next / 2 + 1), cancellationToken).ConfigureAwait(false);
        return next;
    }

    /// <summary>
    /// Waits for the current connection to end, fails what it left unanswered, and reconnects,
    /// resuming the session, until the session expires, auth fails or the client is closed.
    /// </summary>
    private async Task MaintainAsync()
    {
        while (true)
        {
            var connection = _connection!;
            await connection.Completion.ConfigureAwait(false);
            foreach (var packet in connection.TakeUnanswered()) Fail(packet, LossCode);
            FailOutgoing(LossCode);
            if (IsTerminal(_state) || _closing) break;

            if (ChangeState(ZooKeeperState.Connecting)) EnqueueStateEvent(KeeperState.Disconnected);
            if (!await ReconnectAsync().ConfigureAwait(false)) break;
        }
        // Nothing will be sent any more: refuse new requests and fail what slipped in.
        _outgoing.Writer.TryComplete();
        FailOutgoing(LossCode);
    }

    /// <summary>True once connected again; false when the session is over (expired or closing).</summary>
    private async Task<bool> ReconnectAsync()
    {
        int backoff = 0;
        try
        {
            while (!_closing)
            {
                if (_hosts.CycledWithoutSuccess) backoff = await BackoffAsync(backoff, _shutdown.Token).ConfigureAwait(false);
                var outcome = await AttemptAsync(_hosts.Next(), _shutdown.Token).ConfigureAwait(false);
                if (outcome == AttemptOutcome.Connected) return true;
                if (outcome == AttemptOutcome.Expired) return false;
                FailOutgoing(ErrorCode.ConnectionLoss);
            }
        }
        catch (OperationCanceledException)
        {
        }
        return false;
    }

    private async Task<AttemptOutcome> AttemptAsync(HostAddress host, CancellationToken cancellationToken)
    {
        byte[] password;
        long sessionId;
        lock (_stateLock)
        {
            password = _password;
            sessionId = _seenRwServerBefore ? _sessionId : 0;
        }
        var request = new ConnectRequest(0, LastZxid, _options.SessionTimeoutMs, sessionId, password, _options.CanBeReadOnly);

        Connection connection;
        ConnectResponse response;
        try
        {
            (connection, response) = await Connection
                .OpenAsync(this, host, request, AttemptTimeout, _options.MaxPacketLength, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _lastConnectError = e;
            return AttemptOutcome.Failed;
        }

        if (response.TimeOut <= 0)
        {
            // The server no longer knows the session (or the password is wrong): it is gone for good.
            connection.Abort();
            if (ChangeState(ZooKeeperState.Expired)) EnqueueStateEvent(KeeperState.Expired);
            return AttemptOutcome.Expired;
        }

        lock (_stateLock)
        {
            if (_closing)
            {
                connection.Abort();
                return AttemptOutcome.Failed;
            }
            Interlocked.Exchange(ref _sessionId, response.SessionId);
            _password = response.Password ?? new byte[16];
            _negotiatedTimeout = response.TimeOut;
            _seenRwServerBefore |= !response.ReadOnly;
            _state = response.ReadOnly ? ZooKeeperState.ConnectedReadOnly : ZooKeeperState.Connected;
            _connection = connection;
        }
        _hosts.OnConnected();
        EnqueueStateEvent(response.ReadOnly ? KeeperState.ConnectedReadOnly : KeeperState.SyncConnected);
        connection.Start(response.TimeOut * 2 / 3, BuildPriming());
        return AttemptOutcome.Connected;
    }
}
