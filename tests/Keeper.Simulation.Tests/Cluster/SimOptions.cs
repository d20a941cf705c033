using Keeper.Consensus.Zab;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>How a new leader fills its sync window (IPeerStore.RecentHistory).</summary>
internal enum WindowMode
{
    /// <summary>What the real host does today: an empty window at the last zxid (anyone behind gets a SNAP).</summary>
    EmptyAtLastZxid,

    /// <summary>The tail of the log, so learners a little behind get a DIFF (and TRUNC for a stray txn).</summary>
    LogTail,
}

/// <summary>The shape of one simulated run; <see cref="ForSeed"/> draws it from the seed.</summary>
internal sealed record SimOptions
{
    public int Voters { get; init; } = 3;
    public int Observers { get; init; }
    public int Clients { get; init; } = 4;
    public string[] Keys { get; init; } = ["/a", "/b"];
    public WindowMode Window { get; init; } = WindowMode.LogTail;
    public ZabOptions Zab { get; init; } = new(TickTime: 200, InitLimit: 10, SyncLimit: 5, HistoryCapacity: 8);

    /// <summary>Faults happen from the start until this time; then everything is healed.</summary>
    public long ChaosMs { get; init; } = 20_000;

    /// <summary>Mean time between two faults while chaos lasts.</summary>
    public long MeanFaultGapMs { get; init; } = 1_500;

    /// <summary>After the heal, the ensemble must have a serving leader with a quorum within this time.</summary>
    public long LivenessBoundMs { get; init; } = 30_000;

    /// <summary>Clients keep working this long after the heal (and after the ensemble is back), then stop.</summary>
    public long AfterHealMs { get; init; } = 4_000;

    /// <summary>A client gives up on an answer after this long (its outcome is then unknown).</summary>
    public long ClientTimeoutMs { get; init; } = 3_000;

    public long MaxEvents { get; init; } = 3_000_000;

    /// <summary>
    /// Each server's data dir is real Keeper.Storage files in a directory of its own: txn log, snapshots, epoch files
    /// (see <see cref="RealTxnLog"/>, <see cref="RealSnapshots"/>, <see cref="RealEpochs"/>).
    /// </summary>
    public bool RealDisk { get; init; }

    public static SimOptions ForSeed(int seed)
    {
        var r = new Random(unchecked(seed * 7919 + 17));
        int voters = r.Next(3) == 0 ? 5 : 3;
        return new SimOptions
        {
            Voters = voters,
            Observers = r.Next(4) == 0 ? 1 : 0,
            Clients = r.Next(2, 6),
            Keys = r.Next(2) == 0 ? ["/a"] : ["/a", "/b", "/c"],
            Window = r.Next(2) == 0 ? WindowMode.LogTail : WindowMode.EmptyAtLastZxid,
            Zab = new ZabOptions(TickTime: 200, InitLimit: 10, SyncLimit: 5, HistoryCapacity: r.Next(2) == 0 ? 4 : 50),
            ChaosMs = r.Next(8_000, 20_000),
            MeanFaultGapMs = r.Next(400, 2_500),
        };
    }

    public override string ToString() =>
        $"{Voters} voters{(Observers > 0 ? $" + {Observers} observer" : "")}, {Clients} clients, keys [{string.Join(",", Keys)}], " +
        $"window {Window}/{Zab.HistoryCapacity}, chaos {ChaosMs} ms, fault every ~{MeanFaultGapMs} ms{(RealDisk ? ", real data dir" : "")}";
}
