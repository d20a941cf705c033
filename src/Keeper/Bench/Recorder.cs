using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Keeper.Bench;

/// <summary>
/// Latencies (µs, HDR histogram with 3 significant digits: 0.1 % relative error from 1 µs to an hour) and
/// error counts per op. Recording is thread-safe: completions arrive on thread-pool threads.
/// </summary>
internal sealed class Recorder
{
    private const long HighestMicros = 3_600_000_000;
    private readonly LongConcurrentHistogram[] _latency;
    private readonly ConcurrentDictionary<(BenchOp Op, string Code), long> _errors = new();

    public Recorder()
    {
        _latency = new LongConcurrentHistogram[OpMix.Names.Length];
        for (int i = 0; i < _latency.Length; i++) _latency[i] = new LongConcurrentHistogram(1, HighestMicros, 3);
    }

    public static long MicrosBetween(long fromTimestamp, long toTimestamp) =>
        Math.Clamp((toTimestamp - fromTimestamp) * 1_000_000 / Stopwatch.Frequency, 1, HighestMicros);

    public void Ok(BenchOp op, long micros) => _latency[(int)op].RecordValue(Math.Clamp(micros, 1, HighestMicros));

    public void Error(BenchOp op, string code) => _errors.AddOrUpdate((op, code), 1, static (_, n) => n + 1);

    public HistogramBase Latency(BenchOp op) => _latency[(int)op];

    public IReadOnlyDictionary<string, long> Errors(BenchOp op) =>
        _errors.Where(e => e.Key.Op == op).OrderBy(e => e.Key.Code, StringComparer.Ordinal).ToDictionary(e => e.Key.Code, e => e.Value);

    /// <summary>All ops merged, for the total row.</summary>
    public HistogramBase Total()
    {
        var all = new LongHistogram(1, HighestMicros, 3);
        foreach (var h in _latency) all.Add(h);
        return all;
    }

    public long TotalErrors => _errors.Values.Sum();
}
