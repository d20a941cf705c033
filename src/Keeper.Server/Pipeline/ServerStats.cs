using Keeper.Protocol;

namespace Keeper.Server.Pipeline;

/// <summary>Sees every answered request; the metrics endpoint counts through this. Called on the sequencer thread.</summary>
internal interface IRequestObserver
{
    void Completed(OpCode op, long latencyMs);
}

/// <summary>Server-wide counters for srvr/stat/mntr. Packet counts are bumped from I/O threads.</summary>
internal sealed class ServerStats
{
    private long _packetsReceived;
    private long _packetsSent;

    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);
    public long PacketsSent => Interlocked.Read(ref _packetsSent);
    public void CountReceived() => Interlocked.Increment(ref _packetsReceived);
    public void CountSent() => Interlocked.Increment(ref _packetsSent);

    // Latency is only touched by the sequencer thread.
    public long MinLatency { get; private set; } = long.MaxValue;
    public long MaxLatency { get; private set; }
    public long TotalLatency { get; private set; }
    public long LatencyCount { get; private set; }

    /// <summary>Set once before the sequencer starts; null when no metrics provider is configured.</summary>
    public IRequestObserver? Observer { get; set; }

    public void RecordRequest(OpCode op, long ms)
    {
        RecordLatency(ms);
        Observer?.Completed(op, ms);
    }

    public void RecordLatency(long ms)
    {
        if (ms < MinLatency) MinLatency = ms;
        if (ms > MaxLatency) MaxLatency = ms;
        TotalLatency += ms;
        LatencyCount++;
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _packetsReceived, 0);
        Interlocked.Exchange(ref _packetsSent, 0);
        MinLatency = long.MaxValue;
        MaxLatency = TotalLatency = LatencyCount = 0;
    }
}
