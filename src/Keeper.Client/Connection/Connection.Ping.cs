namespace Keeper.Client.Connection;

internal sealed partial class Connection
{
    /// <summary>Java pings at least this often even with a long session timeout.</summary>
    private const int MaxSendPingIntervalMs = 10_000;

    /// <summary>
    /// Java's SendThread timing: the connection is dead when nothing was received for readTimeout
    /// (2/3 of the session timeout); a ping goes out when nothing was sent for about readTimeout/2
    /// (a second early once the idle time passes a second), so a healthy idle server always answers
    /// well before readTimeout runs out.
    /// </summary>
    private async Task PingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                long now = Environment.TickCount64;
                long idleRecv = now - Volatile.Read(ref _lastRecvTicks);
                long idleSend = now - Volatile.Read(ref _lastSendTicks);
                long untilDead = _readTimeoutMs - idleRecv;
                if (untilDead <= 0)
                {
                    Abort(new TimeoutException($"nothing received from {Host} for {idleRecv} ms"));
                    return;
                }
                long untilPing = _readTimeoutMs / 2 - idleSend - (idleSend > 1000 ? 1000 : 0);
                if (untilPing <= 0 || idleSend > MaxSendPingIntervalMs)
                {
                    _session.EnqueuePing();
                    // Counts as a send so the next one waits a full interval even if the queue is slow.
                    Volatile.Write(ref _lastSendTicks, now);
                    untilPing = _readTimeoutMs / 2;
                }
                await Task.Delay((int)Math.Clamp(Math.Min(untilPing, untilDead), 1, int.MaxValue), _stop.Token)
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            Abort(e);
        }
    }
}
