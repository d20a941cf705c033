using System.Diagnostics;
using Keeper.Protocol;

namespace Keeper.Bench;

/// <summary>What one load run measured.</summary>
/// <summary>What one load run measured; AllAnswered also counts warm-up ops (to divide the server's CPU time by).</summary>
internal sealed record LoadResult(Recorder Recorder, double MeasuredSeconds, long Unfinished, bool OpenLoop, long AllAnswered);

/// <summary>
/// Drives the load. Closed loop: every session keeps --outstanding requests in flight, each slot sending its next
/// op when the previous one is answered. Open loop (--rate): op k of the whole run is due at start + k/rate (spread
/// round robin over the sessions) and its latency is measured from that intended time, so time spent waiting for the
/// server, for a free slot or for our own timer counts against the server: no coordinated omission.
/// Ops that start during the warm-up are sent but not recorded.
/// </summary>
internal sealed class LoadRunner(BenchOptions o, Workload w, IReadOnlyList<Workload.SessionState> sessions)
{
    private readonly Recorder _rec = new();
    private long _measureStart;
    private long _stopIssuing = long.MaxValue;
    private long _tickets;
    private long _lastCompletion;
    private long _inFlight;
    private long _allAnswered;

    public async Task<LoadResult> RunAsync(CancellationToken hard)
    {
        long start = Stopwatch.GetTimestamp();
        _measureStart = start + Ticks(o.WarmupSeconds);
        if (o.Count == 0) _stopIssuing = _measureStart + Ticks(o.DurationSeconds);
        _lastCompletion = _measureStart;

        var loops = new List<Task>();
        for (int s = 0; s < sessions.Count; s++)
        {
            if (o.Rate > 0) loops.Add(OpenLoopAsync(sessions[s], s, start, hard));
            else for (int k = 0; k < o.Outstanding; k++) loops.Add(ClosedLoopAsync(sessions[s], hard));
        }
        var all = Task.WhenAll(loops);
        // The hard deadline is also enforced here: an op the server never answers must not hang the run.
        await Task.WhenAny(all, Task.Delay(Timeout.Infinite, hard)).ConfigureAwait(false);
        while (Interlocked.Read(ref _inFlight) > 0 && !hard.IsCancellationRequested)
            await Task.Delay(5, CancellationToken.None).ConfigureAwait(false);

        double seconds = (Interlocked.Read(ref _lastCompletion) - _measureStart) / (double)Stopwatch.Frequency;
        return new LoadResult(_rec, Math.Max(seconds, 1e-9), Interlocked.Read(ref _inFlight), o.Rate > 0, Interlocked.Read(ref _allAnswered));
    }

    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    /// <summary>Whether an op that would start now may be sent, and whether it is measured.</summary>
    private bool Admit(long now, out bool measured)
    {
        measured = now >= _measureStart;
        if (now >= _stopIssuing) return false;
        return !(o.Count > 0 && measured && Interlocked.Increment(ref _tickets) > o.Count);
    }

    private async Task ClosedLoopAsync(Workload.SessionState s, CancellationToken hard)
    {
        var random = new Random(HashCode.Combine(s.Index, Environment.TickCount));
        await Task.Yield(); // start every slot on the pool, not inline in the loop that creates them
        while (!hard.IsCancellationRequested)
        {
            long t0 = Stopwatch.GetTimestamp();
            if (!Admit(t0, out bool measured)) return;
            Interlocked.Increment(ref _inFlight);
            await OneAsync(s, o.Mix.Pick(random), random, t0, measured).ConfigureAwait(false);
        }
    }

    private async Task OpenLoopAsync(Workload.SessionState s, int index, long start, CancellationToken hard)
    {
        var random = new Random(HashCode.Combine(s.Index, Environment.TickCount));
        using var slots = new SemaphoreSlim(o.Outstanding, o.Outstanding);
        double ticksPerOp = Stopwatch.Frequency / o.Rate;
        for (long k = 0; !hard.IsCancellationRequested; k++)
        {
            long intended = start + (long)((k * sessions.Count + index) * ticksPerOp);
            long wait = intended - Stopwatch.GetTimestamp();
            // Never send early; a late send (timer granularity, a full slot) is charged to the op's latency.
            if (wait > 0)
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(wait * 1000.0 / Stopwatch.Frequency))), hard)
                    .ConfigureAwait(false);
            if (!Admit(intended, out bool measured)) break;
            await slots.WaitAsync(hard).ConfigureAwait(false);
            Interlocked.Increment(ref _inFlight);
            _ = OneThenReleaseAsync(s, o.Mix.Pick(random), random, intended, measured, slots);
        }
        // Let this session's last ops finish before the semaphore is disposed.
        for (int i = 0; i < o.Outstanding; i++) await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task OneThenReleaseAsync(Workload.SessionState s, BenchOp op, Random random, long t0, bool measured, SemaphoreSlim slots)
    {
        try { await OneAsync(s, op, random, t0, measured).ConfigureAwait(false); }
        finally { slots.Release(); }
    }

    /// <summary>Sends one op and records it; never throws (a failure is an error count, a bug in the tool aside).</summary>
    private async Task OneAsync(Workload.SessionState s, BenchOp op, Random random, long t0, bool measured)
    {
        try
        {
            var done = await w.RunAsync(op, s, random).ConfigureAwait(false);
            long t1 = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _allAnswered);
            if (!measured) return;
            _rec.Ok(done, Recorder.MicrosBetween(t0, t1));
            long last;
            while ((last = Interlocked.Read(ref _lastCompletion)) < t1 && Interlocked.CompareExchange(ref _lastCompletion, t1, last) != last) { }
        }
        catch (KeeperException e)
        {
            Interlocked.Increment(ref _allAnswered); // an error reply is work for the server too
            if (measured) _rec.Error(op, e.Code.ToString());
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            if (measured) _rec.Error(op, e.GetType().Name);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
