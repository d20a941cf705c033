namespace Keeper.Consensus.Zab;

/// <summary>
/// Timing from zoo.cfg: tickTime (ms), initLimit and syncLimit (in ticks). Discovery and synchronisation
/// must finish within initLimit ticks; in broadcast a peer silent for syncLimit ticks is out of sync.
/// </summary>
internal sealed record ZabOptions(int TickTime = 2000, int InitLimit = 10, int SyncLimit = 5, int HistoryCapacity = 10_000)
{
    public long InitTimeoutMs => (long)TickTime * InitLimit;
    public long SyncTimeoutMs => (long)TickTime * SyncLimit;

    /// <summary>The leader pings every half tick, as ZooKeeper does.</summary>
    public long PingIntervalMs => Math.Max(1, TickTime / 2);
}

/// <summary>What a peer keeps on disk for Zab: the epochs it accepted and acknowledged, and its last logged zxid.</summary>
internal readonly record struct PeerHistory(long AcceptedEpoch, long CurrentEpoch, long LastLoggedZxid);
