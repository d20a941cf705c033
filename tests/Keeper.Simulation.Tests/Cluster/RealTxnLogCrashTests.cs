using Keeper.Consensus;
using Keeper.Consensus.Zab;
using Keeper.Simulation.Tests.Linearizability.Models;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// The real txn log under the simulation's disk faults, without an ensemble around it: random appends, fsyncs,
/// TRUNCs and SNAP cuts, and crashes that tear the newest file (cut inside an unsynced entry or the header,
/// partial entry kept, zeroed or damaged, preallocated zeros kept or not). Every restart's recovery with the real
/// reader and torn-tail repair must give back exactly the entries that survived (SimDisk checks it), and the log
/// must stay appendable after it. Far more crashes per second than the ensemble runs reach.
/// </summary>
public class RealTxnLogCrashTests
{
    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 200)]
    [InlineData(3, 200)]
    [InlineData(26, 200)] // tore a new log's magic to 3 bytes before its zeros: once read as "bad magic"
    [InlineData(45, 200)] // the same with 2 bytes
    public void Recovery_after_a_torn_crash_gives_back_exactly_what_survived(int seed, int rounds)
    {
        var random = new Random(seed);
        string root = Path.Combine(Simulation.TempRoot, $"keeper-sim-log-{Environment.ProcessId}-{seed}-{Guid.NewGuid():N}");
        using var log = new RealTxnLog(root);
        try
        {
            var disk = new SimDisk(log);
            long epoch = 1, counter = 0;
            int seq = 0, torn = 0, crashes = 0;
            for (int round = 0; round < rounds; round++)
            {
                int appends = random.Next(0, 12);
                for (int i = 0; i < appends; i++)
                {
                    long zxid = Zxid.Make(epoch, ++counter);
                    var op = new KvOp(0, ++seq, ZNodeInput.Write("/a", new string('x', random.Next(0, 40))));
                    long s = disk.Append(new Proposal(zxid, KvOp.Txn(zxid, op.Encode(), now: round)));
                    if (random.Next(3) == 0) disk.SyncedThrough(s);
                }
                switch (random.Next(10))
                {
                    case 0 when disk.Count > 0:
                        // TRUNC to an earlier logged zxid (a txn of a failed epoch goes).
                        var entries = disk.Entries.ToList();
                        long to = entries[random.Next(entries.Count)].Zxid;
                        disk.TruncateAfter(to);
                        disk.Recover();
                        (epoch, counter) = (Zxid.EpochOf(disk.LastZxid) + 1, 0);
                        break;
                    case 1:
                        // A SNAP of a state ahead of the log: the log is cut after it, appends continue past it.
                        long snap = Zxid.Make(epoch, counter + random.Next(1, 4));
                        disk.InstallSnapshot(StateAt(snap));
                        counter = Zxid.CounterOf(snap);
                        break;
                    case 2 or 3 or 4:
                        crashes++;
                        disk.Crash(random);
                        disk.Recover(); // throws if the read-back is not exactly the surviving entries
                        if (disk.LastRepair is not null) torn++;
                        // A restarted server joins a new epoch: the next appends start a new log file.
                        (epoch, counter) = (Math.Max(epoch, Zxid.EpochOf(disk.LastZxid)) + 1, 0);
                        break;
                }
            }
            Assert.True(crashes > 20 && torn > 5, $"{crashes} crashes, {torn} torn tails: the faults did not happen");
        }
        finally
        {
            log.Dispose();
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A snapshot's state as of <paramref name="zxid"/>: only its zxid matters to the log.</summary>
    private static ReplicaState StateAt(long zxid)
    {
        var state = new ReplicaState();
        var op = new KvOp(1, 1, ZNodeInput.Create("/s", "snap"));
        state.Apply(zxid, KvOp.Txn(zxid, op.Encode(), now: 0));
        return state;
    }
}
