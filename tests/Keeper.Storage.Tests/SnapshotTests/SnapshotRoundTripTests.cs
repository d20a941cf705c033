using Keeper.Core.Tree;
using Keeper.Protocol.Records;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.SnapshotTests;

public sealed class SnapshotRoundTripTests
{
    [Fact]
    public void A_tree_with_every_node_kind_reads_back_identical()
    {
        using var dir = new ScratchDir();
        using var w = new Workload();
        RichTree.Build(w);

        var path = SnapshotFileWriter.WriteAll(dir.Layout, w.Tree, w.Sessions, w.LastZxid, ZxidDigest.Empty);
        var loaded = SnapshotFileReader.Load(path);

        Assert.Equal(TreeText.Of(w.Tree), TreeText.Of(loaded.Tree));
    }

    [Fact]
    public void Sessions_and_their_timeouts_read_back()
    {
        using var dir = new ScratchDir();
        using var w = new Workload();
        RichTree.Build(w);

        var loaded = SnapshotFileReader.Load(SnapshotFileWriter.WriteAll(dir.Layout, w.Tree, w.Sessions, w.LastZxid, null));

        Assert.Equal(2, loaded.Sessions.Count);
        Assert.Equal(TreeText.Of(w.SessionMap), TreeText.Of(loaded.Sessions));
    }

    [Fact]
    public void Null_data_and_empty_data_stay_distinct()
    {
        using var dir = new ScratchDir();
        using var w = new Workload();
        RichTree.Build(w);

        var tree = SnapshotFileReader.Load(SnapshotFileWriter.WriteAll(dir.Layout, w.Tree, [], w.LastZxid, null)).Tree;

        Assert.Null(tree.GetNode("/app/nulldata")!.Data);
        Assert.NotNull(tree.GetNode("/app/empty")!.Data);
        Assert.Empty(tree.GetNode("/app/empty")!.Data!);
    }

    [Fact]
    public void Ephemeral_container_and_ttl_indexes_are_rebuilt_from_the_stored_owner()
    {
        using var dir = new ScratchDir();
        using var w = new Workload();
        long owner = RichTree.Build(w);

        var tree = SnapshotFileReader.Load(SnapshotFileWriter.WriteAll(dir.Layout, w.Tree, w.Sessions, w.LastZxid, null)).Tree;

        Assert.Equal(["/app/eph", "/app/eph-seq-0000000008"], tree.EphemeralsOf(owner).Order(StringComparer.Ordinal));
        Assert.Equal(["/app/box"], tree.Containers);
        Assert.Equal(["/app/ttl"], tree.Ttls);
        Assert.Equal(100000, EphemeralOwner.TtlOf(tree.GetNode("/app/ttl")!.EphemeralOwner));
    }

    [Fact]
    public void Acl_reference_counts_are_rebuilt_so_the_last_user_releases_an_entry()
    {
        using var dir = new ScratchDir();
        using var w = new Workload();
        RichTree.Build(w);
        var tree = SnapshotFileReader.Load(SnapshotFileWriter.WriteAll(dir.Layout, w.Tree, [], w.LastZxid, null)).Tree;
        int before = tree.Acls.Count;
        long bobRef = tree.GetNode("/app/secret")!.AclRef;
        Assert.Equal(bobRef, tree.GetNode("/app/secret2")!.AclRef);

        tree.Apply(new TxnHeader(1, 1, w.LastZxid + 1, 0, Keeper.Protocol.OpCode.Delete), new DeleteTxn("/app/secret"));
        Assert.Equal(before, tree.Acls.Count);
        tree.Apply(new TxnHeader(1, 1, w.LastZxid + 2, 0, Keeper.Protocol.OpCode.Delete), new DeleteTxn("/app/secret2"));

        Assert.Equal(before - 1, tree.Acls.Count);
        Assert.DoesNotContain(tree.Acls.Entries, e => e.Key == bobRef);
    }

    [Fact]
    public void A_restored_tree_keeps_handing_out_acl_keys_above_the_restored_ones()
    {
        using var dir = new ScratchDir();
        using var w = new Workload();
        RichTree.Build(w);
        var tree = SnapshotFileReader.Load(SnapshotFileWriter.WriteAll(dir.Layout, w.Tree, [], w.LastZxid, null)).Tree;
        long highest = tree.Acls.Entries.Max(e => e.Key);

        long fresh = tree.Acls.Add([new Acl(Keeper.Protocol.Perms.Read, new Id("ip", "10.0.0.1"))]);

        Assert.True(fresh > highest);
    }

    [Fact]
    public void The_snapshot_zxid_comes_from_the_file_name_and_becomes_the_last_processed_zxid()
    {
        using var dir = new ScratchDir();
        var tree = new DataTree();

        var loaded = SnapshotFileReader.Load(SnapshotFileWriter.WriteAll(dir.Layout, tree, [], 0x5_0000_0007, null));

        Assert.Equal(Path.Combine(dir.Layout.SnapshotDir, "snapshot.500000007"), loaded.Path);
        Assert.Equal(0x5_0000_0007, loaded.Zxid);
        Assert.Equal(0x5_0000_0007, loaded.Tree.LastProcessedZxid);
    }

    [Fact]
    public void The_digest_section_reads_back()
    {
        using var dir = new ScratchDir();
        var tree = new DataTree();

        var loaded = SnapshotFileReader.Load(SnapshotFileWriter.WriteAll(dir.Layout, tree, [], 9, ZxidDigest.Of(9, 0x1234_5678_9abc)));

        Assert.Equal(new ZxidDigest(9, 2, 0x1234_5678_9abc), loaded.Digest);
        Assert.Equal(loaded.Digest, loaded.DigestToVerify);
    }

    [Fact]
    public void A_fresh_tree_reads_back_with_the_system_nodes_and_five_as_node_count()
    {
        using var dir = new ScratchDir();

        var tree = SnapshotFileReader.Load(SnapshotFileWriter.WriteAll(dir.Layout, new DataTree(), [], 0, ZxidDigest.Empty)).Tree;

        Assert.Equal(5, tree.NodeCount);
        Assert.Equal(TreeText.Of(new DataTree()), TreeText.Of(tree));
        Assert.Equal(-1, tree.GetNode("/zookeeper/config")!.Aversion);
    }

    [Fact]
    public void A_gzip_compressed_snapshot_reads_like_the_plain_one()
    {
        using var dir = new ScratchDir();
        using var w = new Workload();
        RichTree.Build(w);
        var plain = SnapshotFileWriter.WriteAll(dir.Layout, w.Tree, w.Sessions, w.LastZxid, ZxidDigest.Empty);
        var gz = plain + ".gz";
        using (var output = new System.IO.Compression.GZipStream(File.Create(gz), System.IO.Compression.CompressionLevel.Fastest))
            output.Write(File.ReadAllBytes(plain));
        File.Delete(plain);

        Assert.True(SnapshotFormat.LooksComplete(gz));
        var loaded = SnapshotFileReader.Load(gz);

        Assert.Equal(w.LastZxid, loaded.Zxid);
        Assert.Equal(TreeText.Of(w.Tree), TreeText.Of(loaded.Tree));
    }
}
