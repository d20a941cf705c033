using System.Buffers.Binary;
using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.SnapshotTests;

public sealed class SnapshotFormatTests
{
    private static readonly byte[] EndMarker = Convert.FromHexString("000000012F");

    [Fact]
    public void The_file_starts_with_ZKSN_version_2_dbid_minus_1()
    {
        using var dir = new ScratchDir();
        var bytes = File.ReadAllBytes(SnapshotFileWriter.WriteAll(dir.Layout, new DataTree(), [], 0, null));

        Assert.Equal(Convert.FromHexString("5A4B534E" + "00000002" + "FFFFFFFFFFFFFFFF"), bytes[..16]);
    }

    [Fact]
    public void Sessions_follow_the_header_as_a_count_then_id_and_timeout_each()
    {
        using var dir = new ScratchDir();
        var bytes = File.ReadAllBytes(SnapshotFileWriter.WriteAll(dir.Layout, new DataTree(), [(0x1000015bf000000, 30000)], 0, null));

        Assert.Equal(Convert.FromHexString("00000001" + "01000015BF000000" + "00007530"), bytes[16..32]);
    }

    [Fact]
    public void Without_digest_the_file_ends_with_the_end_marker_then_one_seal_over_every_byte_before_it()
    {
        using var dir = new ScratchDir();
        var bytes = File.ReadAllBytes(SnapshotFileWriter.WriteAll(dir.Layout, new DataTree(), [], 0, null));
        int sealAt = bytes.Length - 13;

        Assert.Equal(EndMarker, bytes[(sealAt - 5)..sealAt]);
        Assert.Equal(NaiveAdler32(bytes[..sealAt]), BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(sealAt)));
        Assert.Equal(EndMarker, bytes[^5..]);
    }

    [Fact]
    public void With_digest_the_first_seal_is_followed_by_zxid_version_digest_and_a_second_seal_over_everything()
    {
        using var dir = new ScratchDir();
        var bytes = File.ReadAllBytes(SnapshotFileWriter.WriteAll(dir.Layout, new DataTree(), [], 0x16, ZxidDigest.Of(0x16, 0x9fc03e20c)));
        int secondSeal = bytes.Length - 13;
        int digestAt = secondSeal - 20;
        int firstSeal = digestAt - 13;

        Assert.Equal(EndMarker, bytes[(firstSeal - 5)..firstSeal]);
        Assert.Equal(NaiveAdler32(bytes[..firstSeal]), BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(firstSeal)));
        Assert.Equal(Convert.FromHexString("0000000000000016" + "00000002" + "00000009FC03E20C"), bytes[digestAt..secondSeal]);
        Assert.Equal(NaiveAdler32(bytes[..secondSeal]), BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(secondSeal)));
        Assert.Equal(EndMarker, bytes[^5..]);
    }

    [Fact]
    public void A_fresh_tree_written_in_Apaches_node_order_is_byte_identical_to_Apaches_snapshot_0()
    {
        using var dir = new ScratchDir();
        var tree = new DataTree();
        using var writer = SnapshotFileWriter.Begin(dir.Layout, 0, []);
        foreach (var path in new[] { "", "/zookeeper", "/zookeeper/config", "/zookeeper/quota" })
            writer.WriteNode(tree, path, tree.GetNode(path)!);

        var ours = File.ReadAllBytes(writer.Complete(ZxidDigest.Empty));

        Assert.Equal(File.ReadAllBytes(Fixtures.Apache("snapshot.0")), ours);
    }

    [Fact]
    public void Nodes_are_written_depth_first_with_the_root_as_empty_path_and_every_node_after_its_parent()
    {
        using var w = new Workload();
        RichTree.Build(w);

        var order = w.Tree.EnumerateInSnapshotOrder().Select(n => n.SnapshotPath).ToList();

        Assert.Equal("", order[0]);
        Assert.Equal(w.Tree.NodeCount - 1, order.Count);
        for (int i = 1; i < order.Count; i++)
        {
            string parent = order[i][..order[i].LastIndexOf('/')];
            int parentAt = order.IndexOf(parent);
            Assert.InRange(parentAt, 0, i - 1);
            // Depth first: everything between the parent and this node lies under the parent.
            Assert.All(order.Skip(parentAt + 1).Take(i - parentAt - 1), p => Assert.StartsWith(parent + "/", p));
        }
    }

    [Fact]
    public void Open_acl_unsafe_is_written_as_key_minus_1_and_never_stored()
    {
        using var dir = new ScratchDir();
        var tree = new DataTree();
        tree.Apply(new TxnHeader(1, 1, 1, 0, OpCode.Create), new CreateTxn("/open", null, Acls.OpenAclUnsafe, false, -1));

        var bytes = File.ReadAllBytes(SnapshotFileWriter.WriteAll(dir.Layout, tree, [], 1, null));

        // Header, no sessions, then the ACL section: only /zookeeper/config's READ list under key 1.
        Assert.Equal(Convert.FromHexString("00000001" + "0000000000000001" + "00000001" + "00000001"), bytes[20..40]);
        int open = IndexOf(bytes, Convert.FromHexString("000000052F6F70656E" + "FFFFFFFF"));
        Assert.Equal(-1L, BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(open + 13)));
    }

    [Fact]
    public void The_acl_section_holds_keys_first_used_after_the_snapshot_began()
    {
        using var dir = new ScratchDir();
        using var w = new Workload();
        long session = w.NewSession();
        w.Create(session, "/a", null);
        using var writer = SnapshotFileWriter.Begin(dir.Layout, w.LastZxid, w.Sessions);
        using var cursor = new FuzzySnapshotCursor(w.Tree, writer);
        cursor.WriteNext(1); // the root only

        w.Create(session, "/a/late", "x"u8.ToArray(), acl: Workload.BobDigestAll); // a brand-new ACL key
        while (!cursor.WriteNext(10)) { }
        var loaded = SnapshotFileReader.Load(writer.Complete(null));

        Assert.Empty(loaded.DanglingAclPaths);
        Assert.Equal(Workload.BobDigestAll, loaded.Tree.AclOf(loaded.Tree.GetNode("/a/late")!));
    }

    [Fact]
    public void Acl_keys_no_written_node_uses_are_left_out()
    {
        using var dir = new ScratchDir();
        var tree = new DataTree();
        tree.Apply(new TxnHeader(1, 1, 1, 0, OpCode.Create), new CreateTxn("/bob", null, Workload.BobDigestAll, false, -1));
        using var writer = SnapshotFileWriter.Begin(dir.Layout, 1, []);
        foreach (var (path, node) in tree.EnumerateInSnapshotOrder())
            if (path != "/bob") writer.WriteNode(tree, path, node);

        var bytes = File.ReadAllBytes(writer.Complete(null));

        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.Equal(-1, IndexOf(bytes, "bob:"u8.ToArray()));
    }

    [Fact]
    public void One_acl_key_written_with_two_different_lists_is_refused()
    {
        using var dir = new ScratchDir();
        using var writer = SnapshotFileWriter.Begin(dir.Layout, 1, []);
        writer.WriteNode("", [], 7, Acls.ReadAclUnsafe, default);

        Assert.Throws<InvalidOperationException>(() => writer.WriteNode("/x", [], 7, Workload.BobDigestAll, default));
    }

    [Fact]
    public void Complete_leaves_exactly_the_snapshot_file_named_after_the_zxid_in_hex()
    {
        using var dir = new ScratchDir();

        var path = SnapshotFileWriter.WriteAll(dir.Layout, new DataTree(), [], 0x1a2b, null);

        Assert.Equal(["snapshot.1a2b"], Directory.EnumerateFiles(dir.Layout.SnapshotDir).Select(Path.GetFileName));
        Assert.Equal(dir.Layout.SnapshotPath(0x1a2b), path);
    }

    [Fact]
    public void An_abandoned_snapshot_leaves_no_file_behind()
    {
        using var dir = new ScratchDir();
        var tree = new DataTree();
        using (var writer = SnapshotFileWriter.Begin(dir.Layout, 3, []))
        {
            writer.WriteNode(tree, "", tree.GetNode("/")!);
            Assert.NotEmpty(Directory.EnumerateFiles(dir.Layout.SnapshotDir));
        }

        Assert.Empty(Directory.EnumerateFiles(dir.Layout.SnapshotDir));
    }

    [Fact]
    public void A_complete_snapshot_passes_ZooKeepers_validity_check_and_a_truncated_one_does_not()
    {
        using var dir = new ScratchDir();
        var path = SnapshotFileWriter.WriteAll(dir.Layout, new DataTree(), [], 0, ZxidDigest.Empty);
        Assert.True(SnapshotFormat.LooksComplete(path));

        using (var file = new FileStream(path, FileMode.Open)) file.SetLength(file.Length - 1);

        Assert.False(SnapshotFormat.LooksComplete(path));
    }

    /// <summary>Adler32 by its definition, independent of the code under test.</summary>
    private static long NaiveAdler32(byte[] data)
    {
        long a = 1, b = 0;
        foreach (byte x in data)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }
        return (b << 16) | a;
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
