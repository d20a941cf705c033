using Keeper.Core.Tree;
using Keeper.Storage.Layout;
using Keeper.Storage.Purge;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.PurgeTests;

public sealed class PurgeTxnLogTests
{
    /// <summary>Valid snapshots at the given zxids and (empty) logs named after the given zxids.</summary>
    private static DataDirLayout Dir(ScratchDir dir, long[] snapshots, long[] logs)
    {
        dir.Layout.EnsureDirectories();
        foreach (long zxid in snapshots) SnapshotFileWriter.WriteAll(dir.Layout, new DataTree(), [], zxid, null);
        foreach (long zxid in logs) File.WriteAllBytes(dir.Layout.LogPath(zxid), []);
        return dir.Layout;
    }

    private static string[] Remaining(DataDirLayout layout) =>
        Directory.EnumerateFiles(layout.SnapshotDir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void The_newest_n_snapshots_are_kept_and_older_ones_deleted()
    {
        using var dir = new ScratchDir();
        var layout = Dir(dir, [0x10, 0x20, 0x30, 0x40, 0x50], []);

        PurgeTxnLog.Purge(layout, 3);

        Assert.Equal(["snapshot.30", "snapshot.40", "snapshot.50"], Remaining(layout));
    }

    [Fact]
    public void The_newest_log_at_or_before_the_oldest_kept_snapshot_is_kept_with_every_later_log()
    {
        using var dir = new ScratchDir();
        var layout = Dir(dir, [0x10, 0x20, 0x30, 0x40], [0x1, 0x8, 0x15, 0x25, 0x35]);

        var deleted = PurgeTxnLog.Purge(layout, 3);

        Assert.Equal(["log.15", "log.25", "log.35", "snapshot.20", "snapshot.30", "snapshot.40"], Remaining(layout));
        Assert.Equal(3, deleted.Count);
    }

    [Fact]
    public void A_log_named_exactly_at_the_oldest_kept_snapshot_is_the_one_kept()
    {
        using var dir = new ScratchDir();
        var layout = Dir(dir, [0x10, 0x20, 0x30, 0x40], [0x5, 0x20, 0x25]);

        PurgeTxnLog.Purge(layout, 3);

        Assert.Equal(["log.20", "log.25", "snapshot.20", "snapshot.30", "snapshot.40"], Remaining(layout));
    }

    [Fact]
    public void Incomplete_snapshots_do_not_count_as_retained_ones_and_newer_ones_are_not_deleted()
    {
        using var dir = new ScratchDir();
        var layout = Dir(dir, [0x10, 0x20, 0x30, 0x40], [0x1]);
        using (var file = new FileStream(layout.SnapshotPath(0x40), FileMode.Open)) file.SetLength(5);

        PurgeTxnLog.Purge(layout, 3);

        Assert.Equal(["log.1", "snapshot.10", "snapshot.20", "snapshot.30", "snapshot.40"], Remaining(layout));
    }

    [Fact]
    public void With_fewer_snapshots_than_the_retain_count_nothing_is_deleted()
    {
        using var dir = new ScratchDir();
        var layout = Dir(dir, [0x10, 0x20], [0x1, 0x15]);

        Assert.Empty(PurgeTxnLog.Purge(layout, 3));
        Assert.Equal(4, Remaining(layout).Length);
    }

    [Fact]
    public void A_retain_count_below_3_is_refused()
    {
        using var dir = new ScratchDir();

        Assert.Throws<ArgumentOutOfRangeException>(() => PurgeTxnLog.Purge(dir.Layout, 2));
    }

    [Fact]
    public void Files_other_than_snapshots_and_logs_are_left_alone()
    {
        using var dir = new ScratchDir();
        var layout = Dir(dir, [0x10, 0x20, 0x30, 0x40], [0x1]);
        foreach (var name in new[] { "acceptedEpoch", "currentEpoch", "snapshot-nodes.5.abcd1234.tmp", "notes.txt" })
            File.WriteAllText(Path.Combine(layout.SnapshotDir, name), "0");

        PurgeTxnLog.Purge(layout, 3);

        Assert.Equal(["acceptedEpoch", "currentEpoch", "log.1", "notes.txt", "snapshot-nodes.5.abcd1234.tmp", "snapshot.20", "snapshot.30", "snapshot.40"],
            Remaining(layout));
    }

    [Fact]
    public void Logs_in_a_separate_data_log_dir_are_purged_there()
    {
        using var dir = new ScratchDir();
        var layout = new DataDirLayout(dir.File("data"), dir.File("datalog"));
        layout.EnsureDirectories();
        foreach (long zxid in new long[] { 0x10, 0x20, 0x30, 0x40 }) SnapshotFileWriter.WriteAll(layout, new DataTree(), [], zxid, null);
        foreach (long zxid in new long[] { 0x1, 0x12, 0x31 }) File.WriteAllBytes(layout.LogPath(zxid), []);

        PurgeTxnLog.Purge(layout, 3);

        Assert.Equal(["log.12", "log.31"], Directory.EnumerateFiles(layout.LogDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task We_delete_exactly_what_Apaches_PurgeTxnLog_deletes()
    {
        long[] snapshots = [0x3, 0x10, 0x1_0000_0000, 0x1_0000_0010, 0x2_0000_0005];
        long[] logs = [0x1, 0x4, 0x11, 0x1_0000_0001, 0x1_0000_0012, 0x2_0000_0001, 0x2_0000_0006];
        using var ours = new ScratchDir();
        using var theirs = new ScratchDir();
        Dir(ours, snapshots, logs);
        var apacheLayout = Dir(theirs, snapshots, logs);
        using (var file = new FileStream(apacheLayout.SnapshotPath(0x1_0000_0010), FileMode.Open)) file.SetLength(7);
        using (var file = new FileStream(ours.Layout.SnapshotPath(0x1_0000_0010), FileMode.Open)) file.SetLength(7);

        PurgeTxnLog.Purge(ours.Layout, 3);
        var (exit, stdout, stderr) = await ApacheTools.RunAsync(ApacheTools.Java!,
            ["-cp", ApacheTools.ClassPath(), "org.apache.zookeeper.server.PurgeTxnLog", theirs.Path, theirs.Path, "-n", "3"]);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(Remaining(apacheLayout), Remaining(ours.Layout));
        // Valid snapshots newest first: 200000005, 100000000, 10 (100000010 is cut short): keep from 10 and log.4.
        Assert.Equal(
        [
            "log.100000001", "log.100000012", "log.11", "log.200000001", "log.200000006", "log.4",
            "snapshot.10", "snapshot.100000000", "snapshot.100000010", "snapshot.200000005",
        ], Remaining(ours.Layout));
    }
}
