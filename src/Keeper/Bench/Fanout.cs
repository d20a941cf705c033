using System.Diagnostics;
using HdrHistogram;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Bench;

/// <summary>What the fan-out rounds measured: per round the time from sending the set to the last event, and every event's delay.</summary>
internal sealed record FanoutResult(int Watchers, IReadOnlyList<double> AllArrivedMicros, HistogramBase EventMicros, long Missing, IReadOnlyList<double> SetReplyMicros);

/// <summary>
/// --fanout: every session sets an exists watch on ROOT/f, then one more session sets its data once; the round
/// ends when every watcher has its NodeDataChanged (or after 30 s: the rest count as missing).
/// </summary>
internal static class Fanout
{
    public static async Task<FanoutResult> RunAsync(IReadOnlyList<Workload.SessionState> watchers, ZooKeeperClient writer,
        Workload w, BenchOptions o, CancellationToken cancel)
    {
        string node = w.Root + "/f";
        try { await writer.CreateAsync(node, w.Payload, Acls.OpenAclUnsafe, CreateMode.Persistent).ConfigureAwait(false); }
        catch (KeeperException e) when (e.Code == ErrorCode.NodeExists) { }

        var events = new LongHistogram(1, 3_600_000_000, 3);
        var allArrived = new List<double>();
        var setReply = new List<double>();
        long missing = 0;
        for (int round = 0; round < o.FanoutRounds && !cancel.IsCancellationRequested; round++)
        {
            var arrivals = new long[watchers.Count];
            int remaining = watchers.Count;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Register every watch before the write; 256 in flight at a time.
            using (var gate = new SemaphoreSlim(256))
            {
                await Task.WhenAll(watchers.Select(async (s, i) =>
                {
                    await gate.WaitAsync(cancel).ConfigureAwait(false);
                    try
                    {
                        await s.Client.ExistsAsync(node, e =>
                        {
                            if (e.Type != EventType.NodeDataChanged) return;
                            arrivals[i] = Stopwatch.GetTimestamp();
                            if (Interlocked.Decrement(ref remaining) == 0) done.TrySetResult();
                        }).ConfigureAwait(false);
                    }
                    finally { gate.Release(); }
                })).ConfigureAwait(false);
            }
            long t0 = Stopwatch.GetTimestamp();
            await writer.SetDataAsync(node, w.Payload).ConfigureAwait(false);
            setReply.Add(Recorder.MicrosBetween(t0, Stopwatch.GetTimestamp()));
            await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(30), cancel)).ConfigureAwait(false);
            long last = t0;
            foreach (var at in arrivals)
            {
                if (at == 0) { missing++; continue; }
                events.RecordValue(Recorder.MicrosBetween(t0, at));
                last = Math.Max(last, at);
            }
            allArrived.Add(Recorder.MicrosBetween(t0, last));
        }
        return new FanoutResult(watchers.Count, allArrived, events, missing, setReply);
    }
}
