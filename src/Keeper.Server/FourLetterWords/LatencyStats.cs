namespace Keeper.Server.FourLetterWords;

/// <summary>
/// Request latencies in ms as ZooKeeper accumulates them (count, total, min, max), for the server or for one
/// connection. Min and max mean nothing while <see cref="Count"/> is 0.
/// </summary>
internal sealed record LatencyStats(long Count, long Total, long Min, long Max)
{
    public static readonly LatencyStats Empty = new(0, 0, 0, 0);

    /// <summary>Adds one sample; the server calls this per reply.</summary>
    public LatencyStats Add(long latency) => Count == 0
        ? new LatencyStats(1, latency, latency, latency)
        : new LatencyStats(Count + 1, Total + latency, Math.Min(Min, latency), Math.Max(Max, latency));

    public long MinOrZero => Count == 0 ? 0 : Min;

    public long MaxOrZero => Count == 0 ? 0 : Max;

    /// <summary>The server-wide average as <c>AvgMinMaxCounter.getAvg</c> computes it: 4 decimals, HALF_UP.</summary>
    public double RoundedAverage => Count == 0 ? 0 : JavaFormat.RoundHalfUp4(Total / (double)Count);

    /// <summary>The per-connection average as <c>ServerCnxn.getAvgLatency</c> computes it: integer division.</summary>
    public long IntegerAverage => Count == 0 ? 0 : Total / Count;
}
