using Keeper.Core.Tree;
using Keeper.Storage.Dump;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.SnapshotDumpTests;

public sealed class SnapshotDumpTests
{
    [Fact]
    public void Each_node_is_a_block_with_its_stat_in_SnapshotFormatters_words()
    {
        var text = SnapshotDump.Format(Fixtures.Apache("snapshot.16"));

        var box = FormatterText.Nodes(text)["/app/box"];
        Assert.Equal(
        [
            "  cZxid = 0x00000000000007", "  ctime = Tue Nov 24 05:57:07 UTC 2026", "  mZxid = 0x00000000000007",
            "  mtime = Tue Nov 24 05:57:07 UTC 2026", "  pZxid = 0x00000000000008", "  cversion = 1", "  dataVersion = 0",
            "  aclVersion = 0", "  ephemeralOwner = 0x8000000000000000", "  dataLength = 0", "  acl = 2",
        ], box);
    }

    [Fact]
    public void The_node_count_counts_the_root_twice_as_ZooKeeper_does()
    {
        var text = SnapshotDump.Format(Fixtures.Apache("snapshot.0"));

        Assert.StartsWith("ZNode Details (count=5):", text);
        Assert.Equal(["/", "/zookeeper", "/zookeeper/config", "/zookeeper/quota"], FormatterText.Nodes(text).Keys);
    }

    [Fact]
    public void Sessions_are_listed_with_timeout_and_ephemeral_count()
    {
        var text = SnapshotDump.Format(Fixtures.Apache("snapshot.16"));

        Assert.Equal(["0x1000015bf000000, 30000, 1"], FormatterText.Sessions(text));
    }

    [Fact]
    public void The_acl_summary_gives_each_key_its_users_and_list()
    {
        var text = SnapshotDump.Format(Fixtures.Apache("snapshot.16"));

        Assert.Contains("3, 1, digest:bob:fyVmFCwVbTJYrznoSu1koqYEYF0=:cdrwa", text);
        Assert.Contains("4, 1, digest:alice:Nn5Me5eLBjJpOnOjYRZQyG/zYjg=:rw, world:anyone:r", text);
        Assert.Contains("1, 2, world:anyone:r", text);
    }

    [Fact]
    public void With_dump_data_each_node_shows_its_data_in_base64()
    {
        var text = SnapshotDump.Format(Fixtures.Apache("snapshot.16"), dumpData: true);

        Assert.Contains("  data = aGVsbG8y", FormatterText.Nodes(text)["/app"]);
        Assert.Contains("  data = ", FormatterText.Nodes(text)["/app/nulldata"]);
    }

    [Fact]
    public void The_digest_and_last_zxid_close_the_dump()
    {
        var text = SnapshotDump.Format(Fixtures.Apache("snapshot.16"));

        Assert.Equal("Digest: zxid 0x16, version 2, digest 42882818572", FormatterText.Line(text, "Digest:"));
        Assert.Equal("Last zxid: 0x16", FormatterText.Line(text, "Last zxid:"));
    }

    [Fact]
    public void A_corrupt_snapshot_gives_status_1_and_names_the_file_and_offset()
    {
        using var dir = new ScratchDir();
        var path = SnapshotFileWriter.WriteAll(dir.Layout, new DataTree(), [], 0, null);
        var bytes = File.ReadAllBytes(path);
        bytes[40] ^= 0xff;
        File.WriteAllBytes(path, bytes);
        var output = new StringWriter();
        var error = new StringWriter();

        int status = SnapshotDump.Run(path, output, error);

        Assert.Equal(1, status);
        Assert.Equal("", output.ToString());
        Assert.Contains($"snapshot {path} is corrupt at offset", error.ToString());
    }

    [Fact]
    public void A_missing_file_gives_status_2()
    {
        var error = new StringWriter();

        Assert.Equal(2, SnapshotDump.Run("/nonexistent/snapshot.1", new StringWriter(), error));
        Assert.Contains("/nonexistent/snapshot.1", error.ToString());
    }
}
