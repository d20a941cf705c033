using Keeper.Consensus;
using Keeper.Consensus.Zab;
using Keeper.Simulation.Tests.Linearizability.Models;
using Keeper.Storage.Layout;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// A data dir of the real-disk mode (txn log, snapshots, epoch files) under its faults, without an ensemble:
/// SNAPs saved whole or with power lost while the snapshot was written, TRUNCs, epoch writes, and crashes (a
/// torn log tail, an epoch write cut short). Every restart rebuilds with DataDirRecovery and reads the epochs
/// with EpochFile, and SimDisk checks that it got exactly what should have survived: the newest finished
/// snapshot, znode for znode, the log after it, and the last epochs written.
/// </summary>
public class RealSnapshotCrashTests
{
    [Theory]
    [InlineData(1, 150)] // hits a log header torn inside its magic (the reader took it for corruption once)
    [InlineData(2, 150)]
    [InlineData(3, 150)]
    [InlineData(4, 150)]
    [InlineData(5, 150)]
    public void Recovery_after_crashes_while_writing_snapshots_starts_from_the_newest_finished_one(int seed, int rounds)
    {
        var random = new Random(seed);
        using var dir = new DataDir(seed);
        var disk = dir.Disk;
        Restart(disk);
        long epoch = 1, counter = 0;
        int seq = 0, lostSnapshots = 0, keptSnapshots = 0, leftovers = 0, epochTears = 0;
        for (int round = 0; round < rounds; round++)
        {
            if (random.Next(3) == 0)
            {
                disk.AcceptedEpoch = epoch;
                if (random.Next(2) == 0) disk.CurrentEpoch = epoch;
            }
            int appends = random.Next(0, 8);
            for (int i = 0; i < appends; i++)
            {
                long zxid = Zxid.Make(epoch, ++counter);
                var op = new KvOp(0, ++seq, ZNodeInput.Write("/a", new string('x', random.Next(0, 20))));
                long s = disk.Append(new Proposal(zxid, KvOp.Txn(zxid, op.Encode(), now: round)));
                if (random.Next(3) == 0) disk.SyncedThrough(s);
            }
            switch (random.Next(8))
            {
                case 0 or 1:
                    disk.InstallSnapshot(StateAhead(random, epoch, ref counter, ref seq));
                    break;
                case 2 or 3:
                    long before = disk.SnapshotZxid;
                    var state = StateAhead(random, epoch, ref counter, ref seq);
                    disk.InstallSnapshotTorn(state, random);
                    if (disk.SnapshotZxid == state.LastZxid && before != state.LastZxid) keptSnapshots++;
                    else lostSnapshots++;
                    disk.Crash(random);
                    leftovers += Restart(disk);
                    (epoch, counter) = (Math.Max(epoch, Zxid.EpochOf(disk.LastZxid)) + 1, 0);
                    break;
                case 4 when disk.Count > 0:
                    var entries = disk.Entries.ToList();
                    disk.TruncateAfter(entries[random.Next(entries.Count)].Zxid);
                    disk.Recover();
                    (epoch, counter) = (Math.Max(epoch, Zxid.EpochOf(disk.LastZxid)) + 1, 0);
                    break;
                case 5 or 6:
                    disk.Crash(random);
                    if (disk.LastTear?.Contains("Epoch write cut short", StringComparison.Ordinal) == true) epochTears++;
                    leftovers += Restart(disk);
                    (epoch, counter) = (Math.Max(epoch, Zxid.EpochOf(disk.LastZxid)) + 1, 0);
                    break;
            }
        }
        Assert.True(lostSnapshots > 5 && keptSnapshots > 2 && leftovers > 5 && epochTears > 3,
            $"{lostSnapshots} snapshots lost and {keptSnapshots} kept in a crash, {leftovers} leftovers removed, {epochTears} epoch writes cut short: the faults did not happen");
    }

    [Fact]
    public void A_damaged_snapshot_that_recovery_skips_fails_the_check()
    {
        using var dir = new DataDir(7);
        var disk = dir.Disk;
        Restart(disk);
        long counter = 0;
        int seq = 0;
        var state = StateAhead(new Random(7), 1, ref counter, ref seq);
        disk.InstallSnapshot(state);
        Restart(disk);

        // A bit flipped in the middle of the file: its seal fails, DataDirRecovery falls back to snapshot.0.
        string path = dir.Layout.SnapshotPath(state.LastZxid);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<SimulationException>(() => disk.Recover());
        Assert.Contains("started from snapshot 0x0", e.Message);
    }

    [Fact]
    public void An_epoch_file_that_differs_from_what_was_written_fails_the_check()
    {
        using var dir = new DataDir(8);
        var disk = dir.Disk;
        Restart(disk);
        disk.AcceptedEpoch = 4;
        disk.CurrentEpoch = 3;
        Restart(disk);
        Assert.Equal("4", File.ReadAllText(dir.Layout.AcceptedEpochFile));
        EpochFile.Write(dir.Layout.CurrentEpochFile, 2);
        var e = Assert.Throws<SimulationException>(() => disk.LoadEpochs(disk.LastZxid));
        Assert.Contains("hold 4/2", e.Message);
    }

    /// <summary>A start-up: DataDirRecovery, then the epochs. Returns how many snapshot leftovers recovery removed.</summary>
    private static int Restart(SimDisk disk)
    {
        var state = disk.Recover();
        disk.LoadEpochs(state.LastZxid);
        return disk.LastSnapshotLeftovers;
    }

    /// <summary>A leader's state a few txns past the log: "/a" created, then written to (so it has a version).</summary>
    private static ReplicaState StateAhead(Random random, long epoch, ref long counter, ref int seq)
    {
        var state = new ReplicaState();
        int ops = random.Next(1, 5);
        for (int i = 0; i < ops; i++)
        {
            long zxid = Zxid.Make(epoch, ++counter);
            var input = i == 0 ? ZNodeInput.Create("/a", $"v{seq}") : ZNodeInput.Write("/a", $"w{seq}");
            state.Apply(zxid, KvOp.Txn(zxid, new KvOp(1, ++seq, input).Encode(), now: 0));
        }
        return state;
    }

    private sealed class DataDir : IDisposable
    {
        private readonly string _root;
        private readonly RealTxnLog _log;

        public DataDir(int seed)
        {
            _root = Path.Combine(Simulation.TempRoot, $"keeper-sim-snap-{Environment.ProcessId}-{seed}-{Guid.NewGuid():N}");
            _log = new RealTxnLog(_root);
            Layout = new DataDirLayout(_root);
            Disk = new SimDisk(_log, new RealSnapshots(_root), new RealEpochs(_root));
        }

        public DataDirLayout Layout { get; }
        public SimDisk Disk { get; }

        public void Dispose()
        {
            _log.Dispose();
            if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        }
    }
}
