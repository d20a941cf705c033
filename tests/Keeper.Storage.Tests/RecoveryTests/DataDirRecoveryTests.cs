using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Storage.Digest;
using Keeper.Storage.Log;
using Keeper.Storage.Recovery;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.RecoveryTests;

public sealed class DataDirRecoveryTests
{
    /// <summary>
    /// A data dir as a server leaves it: txns logged throughout, a snapshot after the rich tree (then the log
    /// rolls), more txns, a second snapshot, more txns. Returns the final tree and sessions as text.
    /// </summary>
    private static (string Tree, string Sessions, long LastZxid) TwoSnapshotsAndLogs(ScratchDir dir)
    {
        using var w = new Workload(logTo: dir.Layout);
        long s = RichTree.Build(w);
        TakeSnapshot(w, dir);
        w.SetData(s, "/app", "second"u8.ToArray());
        w.Create(s, "/app/mid", null);
        TakeSnapshot(w, dir);
        w.Create(s, "/app/tail", "t"u8.ToArray());
        w.Delete(s, "/app/mid");
        long extra = w.NewSession(9000);
        w.Create(extra, "/app/tail-eph", null, CreateMode.Ephemeral);
        return (TreeText.Of(w.Tree), TreeText.Of(w.SessionMap), w.LastZxid);
    }

    private static string TakeSnapshot(Workload w, ScratchDir dir)
    {
        var path = SnapshotFileWriter.WriteAll(dir.Layout, w.Tree, w.Sessions, w.LastZxid, ZxidDigest.Of(w.LastZxid, DigestCalculator.Compute(w.Tree)));
        w.RollLog();
        return path;
    }

    [Fact]
    public void The_newest_snapshot_plus_the_logs_after_it_give_the_final_state()
    {
        using var dir = new ScratchDir();
        var expected = TwoSnapshotsAndLogs(dir);

        var result = DataDirRecovery.Load(dir.Layout);

        Assert.Equal(expected.Tree, TreeText.Of(result.Tree));
        Assert.Equal(expected.Sessions, TreeText.Of(result.Sessions));
        Assert.Equal(expected.LastZxid, result.LastZxid);
        Assert.Equal(expected.LastZxid, result.Tree.LastProcessedZxid);
        Assert.Equal(dir.Layout.Snapshots()[0].Path, result.Snapshot);
        Assert.Equal(4, result.TxnsReplayed);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_newest_snapshot_with_a_flipped_byte_is_skipped_with_a_warning_and_the_previous_one_used()
    {
        using var dir = new ScratchDir();
        var expected = TwoSnapshotsAndLogs(dir);
        var (newest, older) = (dir.Layout.Snapshots()[0].Path, dir.Layout.Snapshots()[1].Path);
        var bytes = File.ReadAllBytes(newest);
        bytes[bytes.AsSpan().IndexOf("second"u8)] ^= 0x20;
        File.WriteAllBytes(newest, bytes);

        var result = DataDirRecovery.Load(dir.Layout);

        Assert.Equal(older, result.Snapshot);
        Assert.Equal(expected.Tree, TreeText.Of(result.Tree));
        Assert.Contains(result.Warnings, w => w.Contains(newest, StringComparison.Ordinal) && w.Contains("checksum mismatch", StringComparison.Ordinal));
    }

    [Fact]
    public void A_truncated_newest_snapshot_is_skipped_with_a_warning_and_the_previous_one_used()
    {
        using var dir = new ScratchDir();
        var expected = TwoSnapshotsAndLogs(dir);
        var (newest, older) = (dir.Layout.Snapshots()[0].Path, dir.Layout.Snapshots()[1].Path);
        using (var file = new FileStream(newest, FileMode.Open)) file.SetLength(file.Length / 3);

        var result = DataDirRecovery.Load(dir.Layout);

        Assert.Equal(older, result.Snapshot);
        Assert.Equal(expected.Tree, TreeText.Of(result.Tree));
        Assert.Contains(result.Warnings, w => w.Contains(newest, StringComparison.Ordinal) && w.Contains("incomplete", StringComparison.Ordinal));
    }

    [Fact]
    public void When_every_snapshot_fails_to_load_recovery_stops_instead_of_starting_empty()
    {
        using var dir = new ScratchDir();
        TwoSnapshotsAndLogs(dir);
        foreach (var (_, path) in dir.Layout.Snapshots())
        {
            var bytes = File.ReadAllBytes(path);
            bytes[30] ^= 0x55;
            File.WriteAllBytes(path, bytes);
        }

        var e = Assert.Throws<RecoveryException>(() => DataDirRecovery.Load(dir.Layout));

        Assert.Contains("no valid snapshot", e.Message);
        Assert.Contains(dir.Layout.SnapshotDir, e.Message);
    }

    [Fact]
    public void A_torn_final_write_is_cut_off_with_a_warning_naming_the_file_and_offset()
    {
        using var dir = new ScratchDir();
        var expected = TwoSnapshotsAndLogs(dir);
        var log = dir.Layout.Logs()[^1].Path;
        long intactLength = new FileInfo(log).Length;
        using (var file = new FileStream(log, FileMode.Append))
            file.Write(Convert.FromHexString("00000000DEADBEEF" + "00000040" + "0102030405060708090A")); // crc, len 64, 10 of 64 bytes

        var result = DataDirRecovery.Load(dir.Layout);

        Assert.Equal(expected.Tree, TreeText.Of(result.Tree));
        Assert.Equal((log, intactLength), (result.TruncatedTail!.File, result.TruncatedTail.Offset));
        Assert.Contains(result.Warnings, w => w.Contains(log, StringComparison.Ordinal) && w.Contains($"offset {intactLength}", StringComparison.Ordinal));
        Assert.Equal(intactLength, new FileInfo(log).Length);
    }

    [Fact]
    public void After_a_torn_tail_is_cut_off_the_next_recovery_is_clean()
    {
        using var dir = new ScratchDir();
        TwoSnapshotsAndLogs(dir);
        using (var file = new FileStream(dir.Layout.Logs()[^1].Path, FileMode.Append)) file.Write(new byte[] { 0, 0, 0, 0, 1, 2 });
        DataDirRecovery.Load(dir.Layout);

        var again = DataDirRecovery.Load(dir.Layout);

        Assert.Null(again.TruncatedTail);
        Assert.Empty(again.Warnings);
    }

    [Fact]
    public void A_damaged_entry_with_intact_entries_after_it_stops_recovery_naming_file_offset_and_what_to_do()
    {
        using var dir = new ScratchDir();
        TwoSnapshotsAndLogs(dir);
        var log = dir.Layout.Logs()[^1].Path;
        var bytes = File.ReadAllBytes(log);
        const int firstEntry = 16;
        bytes[firstEntry + 12 + 20] ^= 0x01; // inside the first entry's TxnHeader
        File.WriteAllBytes(log, bytes);

        var e = Assert.Throws<RecoveryException>(() => DataDirRecovery.Load(dir.Layout));

        Assert.Contains(log, e.Message);
        Assert.Contains($"offset {firstEntry}", e.Message);
        Assert.Contains("Recover this server's data", e.Message);
        Assert.IsAssignableFrom<CorruptLogException>(e.InnerException);
    }

    [Fact]
    public void A_missing_log_between_the_snapshot_and_later_txns_is_a_gap_that_stops_recovery()
    {
        using var dir = new ScratchDir();
        using (var w = new Workload(logTo: dir.Layout))
        {
            long s = w.NewSession();
            w.Create(s, "/a", null);
            TakeSnapshot(w, dir);
            w.Create(s, "/b", null);
            w.RollLog();
            w.Create(s, "/c", null);
        }
        var logs = dir.Layout.Logs();
        File.Delete(logs[^2].Path); // the log holding /b, right after the snapshot

        var e = Assert.Throws<RecoveryException>(() => DataDirRecovery.Load(dir.Layout));

        Assert.Contains("zxid gap", e.Message);
        Assert.Contains(logs[^1].Path, e.Message);
        Assert.IsType<ZxidGapException>(e.InnerException);
    }

    [Fact]
    public void A_gap_between_two_logs_stops_recovery()
    {
        using var dir = new ScratchDir();
        using (var w = new Workload(logTo: dir.Layout))
        {
            long s = w.NewSession();
            TakeSnapshot(w, dir);
            w.Create(s, "/a", null);
            w.RollLog();
            w.Create(s, "/b", null);
            w.RollLog();
            w.Create(s, "/c", null);
        }
        File.Delete(dir.Layout.Logs()[^2].Path);

        var e = Assert.Throws<RecoveryException>(() => DataDirRecovery.Load(dir.Layout));

        Assert.IsType<ZxidGapException>(e.InnerException);
    }

    [Fact]
    public void An_empty_data_dir_starts_empty_at_zxid_0_and_gets_snapshot_0()
    {
        using var dir = new ScratchDir();

        var result = DataDirRecovery.Load(dir.Layout);

        Assert.Equal(0, result.LastZxid);
        Assert.Equal(TreeText.Of(new DataTree()), TreeText.Of(result.Tree));
        Assert.Equal([0L], dir.Layout.Snapshots().Select(s => s.Zxid));
        Assert.Equal(ZxidDigest.Empty, SnapshotFileReader.Load(dir.Layout.SnapshotPath(0)).Digest);
    }

    [Fact]
    public void With_autocreate_off_an_empty_data_dir_is_not_trusted_and_gets_no_snapshot()
    {
        using var dir = new ScratchDir();

        var result = DataDirRecovery.Load(dir.Layout, new RecoveryOptions(AutoCreateDb: false));

        Assert.Equal(-1, result.LastZxid);
        Assert.Empty(dir.Layout.Snapshots());
        Assert.Contains(result.Warnings, w => w.Contains("not trusted", StringComparison.Ordinal));
    }

    [Fact]
    public void An_initialize_file_in_the_data_log_dir_is_deleted_and_trusts_the_empty_database()
    {
        using var dir = new ScratchDir();
        var initialize = Path.Combine(dir.Layout.DataLogDir, "initialize");
        File.WriteAllText(initialize, "");

        var result = DataDirRecovery.Load(dir.Layout, new RecoveryOptions(AutoCreateDb: false));

        Assert.Equal(0, result.LastZxid);
        Assert.False(File.Exists(initialize));
        Assert.Single(dir.Layout.Snapshots());
    }

    [Fact]
    public void Logs_without_any_snapshot_are_refused_with_what_to_do()
    {
        using var dir = new ScratchDir();
        using (var w = new Workload(logTo: dir.Layout)) w.Create(w.NewSession(), "/a", null);

        var e = Assert.Throws<RecoveryException>(() => DataDirRecovery.Load(dir.Layout));

        Assert.Contains(dir.Layout.LogDir, e.Message);
        Assert.Contains("zookeeper.snapshot.trust.empty=true", e.Message);
        Assert.Empty(dir.Layout.Snapshots());
    }

    [Fact]
    public void Logs_without_any_snapshot_replay_from_an_empty_tree_when_trusted()
    {
        using var dir = new ScratchDir();
        string expected;
        using (var w = new Workload(logTo: dir.Layout))
        {
            RichTree.Build(w);
            expected = TreeText.Of(w.Tree);
        }

        var result = DataDirRecovery.Load(dir.Layout, new RecoveryOptions(TrustEmptySnapshot: true));

        Assert.Equal(expected, TreeText.Of(result.Tree));
    }

    [Fact]
    public void A_snapshot_digest_that_disagrees_with_the_tree_only_warns()
    {
        using var dir = new ScratchDir();
        var tree = new DataTree();
        SnapshotFileWriter.WriteAll(dir.Layout, tree, [], 3, ZxidDigest.Of(3, 12345));

        var result = DataDirRecovery.Load(dir.Layout);

        Assert.Equal(3, result.LastZxid);
        Assert.Contains(result.Warnings, w => w.Contains("digest mismatch at zxid 0x3", StringComparison.Ordinal));
    }

    [Fact]
    public void Files_left_by_a_snapshot_that_never_finished_are_removed()
    {
        using var dir = new ScratchDir();
        using var writer = SnapshotFileWriter.Begin(dir.Layout, 0, []); // still open, as a crash would leave it
        var leftover = Directory.EnumerateFiles(dir.Layout.SnapshotDir).Single();

        DataDirRecovery.Load(dir.Layout);

        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void A_node_whose_acl_key_the_snapshot_lacks_gets_the_acl_of_its_replayed_create()
    {
        using var dir = new ScratchDir();
        using (var w = new Workload(logTo: dir.Layout))
        {
            long s = w.NewSession();
            TakeSnapshot(w, dir); // snapshot.N with only the system nodes: replaced below by a fuzzy one at the same zxid
            long snapshotZxid = w.LastZxid;
            w.Create(s, "/x", "x"u8.ToArray(), acl: Workload.BobDigestAll);
            // As Apache can write it: /x is in the snapshot with a key the ACL section does not hold.
            using var writer = SnapshotFileWriter.Begin(dir.Layout, snapshotZxid, w.Sessions);
            foreach (var (path, node) in w.Tree.EnumerateInSnapshotOrder())
                if (path == "/x") writer.WriteNode(path, node.Data, node.AclRef, null, node.ToStatPersisted());
                else writer.WriteNode(w.Tree, path, node);
            writer.Complete(null);
        }
        Assert.Single(SnapshotFileReader.Load(dir.Layout.Snapshots()[0].Path).DanglingAclPaths);

        var result = DataDirRecovery.Load(dir.Layout);

        Assert.Equal(Workload.BobDigestAll, result.Tree.AclOf(result.Tree.GetNode("/x")!));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("ACL keys", StringComparison.Ordinal));
    }
}
