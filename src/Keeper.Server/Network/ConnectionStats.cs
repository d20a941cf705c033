namespace Keeper.Server.Network;

/// <summary>Per-connection counters shown by cons/stat (ServerCnxn's stats). Written by one thread at a time.</summary>
internal sealed class ConnectionStats
{
    public long PacketsReceived;
    public long PacketsSent;
    public string LastOp = "NA";
    public long LastCxid = -1;
    public long LastZxid = -1;
    public long LastResponseTime;
    public long LastLatency;
    public long MinLatency = long.MaxValue;
    public long MaxLatency;
    public long TotalLatency;
    public long LatencyCount;
    public long EstablishedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public void RecordLatency(long ms)
    {
        LastLatency = ms;
        if (ms < MinLatency) MinLatency = ms;
        if (ms > MaxLatency) MaxLatency = ms;
        TotalLatency += ms;
        LatencyCount++;
    }

    public void Reset()
    {
        PacketsReceived = PacketsSent = 0;
        LastOp = "NA";
        LastCxid = LastZxid = -1;
        LastResponseTime = LastLatency = MaxLatency = TotalLatency = LatencyCount = 0;
        MinLatency = long.MaxValue;
    }
}
