using System.Net;
using System.Net.Sockets;
using Keeper.Server.Logging;

namespace Keeper.Server.Election;

/// <summary>connectOne / initiateConnection / startConnection.</summary>
internal sealed partial class ElectionNetwork
{
    private static long Now => Environment.TickCount64;

    private DialState DialStateFor(long sid)
    {
        if (!_dials.TryGetValue(sid, out var state))
        {
            state = new DialState(_options);
            _dials[sid] = state;
        }
        return state;
    }

    /// <summary>
    /// Dials <paramref name="sid"/> unless connected or a dial is in flight. <paramref name="address"/> overrides
    /// the view (the address from a peer's initial message). <paramref name="dialBack"/> is the tie-break's
    /// immediate reconnect, which skips the failure back-off but not <see cref="ElectionNetworkOptions.MinDialInterval"/>.
    /// Too early: one deferred attempt is scheduled instead, so the demand is not lost.
    /// </summary>
    private void ConnectOne(long sid, DnsEndPoint? address, bool dialBack)
    {
        lock (_gate)
        {
            if (_stopped || _connections.ContainsKey(sid)) return;
            var state = DialStateFor(sid);
            if (state.InProgress) return;

            var target = address ?? (_view.TryGetValue(sid, out var configured) ? configured : state.LearnedAddress);
            long now = Now;
            if (target is null)
            {
                if (now - state.LastInvalidWarning >= DialState.Ms(_options.MaxRetryInterval))
                {
                    state.LastInvalidWarning = now;
                    _log.Warn($"Invalid server id: {sid}");
                }
                return;
            }

            long allowed = dialBack ? state.LastAttempt + DialState.Ms(_options.MinDialInterval) : state.NextAllowed;
            if (now < allowed)
            {
                Defer(sid, state, allowed - now, address, dialBack);
                return;
            }

            state.InProgress = true;
            state.LastAttempt = now;
            Interlocked.Increment(ref _dialAttempts);
            Track(DialAsync(sid, target));
        }
    }

    private void Defer(long sid, DialState state, long delayMs, DnsEndPoint? address, bool dialBack)
    {
        if (address is not null) state.ScheduledAddress = address;
        state.ScheduledDialBack |= dialBack;
        if (state.Scheduled) return;
        state.Scheduled = true;
        Track(DeferredDialAsync(sid, state, delayMs));
    }

    private async Task DeferredDialAsync(long sid, DialState state, long delayMs)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delayMs), _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        DnsEndPoint? address;
        bool dialBack;
        lock (_gate)
        {
            state.Scheduled = false;
            address = state.ScheduledAddress;
            dialBack = state.ScheduledDialBack;
            state.ScheduledAddress = null;
            state.ScheduledDialBack = false;
        }
        ConnectOne(sid, address, dialBack);
    }

    /// <summary>
    /// Connects (bounded by cnxTimeout), sends our initial message, then keeps the socket only if the peer's sid
    /// is smaller than ours; otherwise closes it and waits for the peer to dial us (the tie-break that leaves one
    /// connection per pair).
    /// </summary>
    private async Task DialAsync(long sid, DnsEndPoint target)
    {
        await Task.Yield();
        using var context = Log.BeginContext($"QuorumConnectionReqThread-{sid}");
        var outcome = DialOutcome.Failed;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            SetSocketOptions(socket);
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                timeout.CancelAfter(_options.ConnectTimeout);
                try
                {
                    await socket.ConnectAsync(target, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    throw new TimeoutException($"connect timed out after {_options.ConnectTimeout.TotalMilliseconds} ms");
                }
            }
            // sslQuorum: the TLS handshake comes first, as Apache's initiateConnection does it, whoever keeps the socket.
            var stream = await _options.Channel.ConnectAsync(socket, target.Host, _stop.Token).ConfigureAwait(false);
            await stream.WriteAsync(_handshake, _stop.Token).ConfigureAwait(false);
            await stream.FlushAsync(_stop.Token).ConfigureAwait(false);
            // Quorum SASL follows the initial message (startConnection's authLearner.authenticate), before the tie-break.
            try
            {
                await _options.Channel.Auth.AuthenticateAsLearnerAsync(stream, target.Host, $"{target.Host}:{target.Port} (server {sid})", _stop.Token).ConfigureAwait(false);
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            if (sid > _myId)
            {
                _log.Info($"Have smaller server identifier, so dropping the connection: (myId:{_myId} --> sid:{sid})");
                await stream.DisposeAsync().ConfigureAwait(false);
                outcome = DialOutcome.Dropped;
            }
            else
            {
                Register(sid, socket, stream, new InboundBuffer());
                outcome = DialOutcome.Kept;
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            socket.Dispose();
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            _log.Warn($"Cannot open channel to {sid} at election address {target.Host}:{target.Port}: {e.Message}");
            socket.Dispose();
        }
        finally
        {
            DialEnded(sid, outcome);
        }
    }

    private enum DialOutcome { Failed, Dropped, Kept }

    private void DialEnded(long sid, DialOutcome outcome)
    {
        bool retry;
        lock (_gate)
        {
            var state = DialStateFor(sid);
            state.InProgress = false;
            switch (outcome)
            {
                case DialOutcome.Kept:
                    state.NextAllowed = state.LastAttempt + DialState.Ms(_options.MinDialInterval);
                    break;
                case DialOutcome.Dropped:
                    // The peer should dial us back at once; if it does not, try again after the retry interval.
                    state.NextAllowed = state.LastAttempt + state.RetryMs;
                    break;
                default:
                    state.NextAllowed = state.LastAttempt + state.RetryMs;
                    state.RetryMs = Math.Min(state.RetryMs * 2, DialState.Ms(_options.MaxRetryInterval));
                    break;
            }
            retry = NeedsRetry(sid);
        }
        // Still a message waiting and no connection: ConnectOne defers to NextAllowed, so this is rate-bounded.
        if (retry) ConnectOne(sid, address: null, dialBack: false);
    }
}
