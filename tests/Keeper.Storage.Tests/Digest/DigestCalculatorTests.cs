using System.Buffers.Binary;
using System.Text;
using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Digest;
using Keeper.Storage.Log;
using Keeper.Storage.Tests.TxnLog;

namespace Keeper.Storage.Tests.Digests;

public sealed class DigestCalculatorTests
{
    private static DataNode Node(byte[]? data = null) => new()
    {
        Data = data, Czxid = 0x101, Mzxid = 0x102, Pzxid = 0x103, Ctime = 1_700_000_000_001, Mtime = 1_700_000_000_002,
        Version = 4, Cversion = 5, Aversion = 6, EphemeralOwner = 0x7000000000000007,
    };

    private static long Crc32(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);

    [Fact]
    public void The_crc32_is_java_util_zip_CRC32s()
    {
        // CRC-32's check value, as java.util.zip.CRC32 gives it: the node digest depends on exactly this CRC.
        Assert.Equal(0xCBF43926L, Crc32("123456789"u8));
        Assert.Equal(0L, Crc32([]));
    }

    [Fact]
    public void A_node_digests_to_the_crc32_of_path_data_then_czxid_mzxid_pzxid_ctime_mtime_version_cversion_aversion_owner()
    {
        var node = Node("hello"u8.ToArray());
        var block = new byte[60];
        BinaryPrimitives.WriteInt64BigEndian(block.AsSpan(0), node.Czxid);
        BinaryPrimitives.WriteInt64BigEndian(block.AsSpan(8), node.Mzxid);
        BinaryPrimitives.WriteInt64BigEndian(block.AsSpan(16), node.Pzxid);
        BinaryPrimitives.WriteInt64BigEndian(block.AsSpan(24), node.Ctime);
        BinaryPrimitives.WriteInt64BigEndian(block.AsSpan(32), node.Mtime);
        BinaryPrimitives.WriteInt32BigEndian(block.AsSpan(40), node.Version);
        BinaryPrimitives.WriteInt32BigEndian(block.AsSpan(44), node.Cversion);
        BinaryPrimitives.WriteInt32BigEndian(block.AsSpan(48), node.Aversion);
        BinaryPrimitives.WriteInt64BigEndian(block.AsSpan(52), node.EphemeralOwner);

        var expected = Crc32([.. Encoding.UTF8.GetBytes("/a/ü"), .. "hello"u8, .. block]);
        Assert.Equal(expected, DigestCalculator.NodeDigest("/a/ü", node));
        Assert.Equal(expected, DigestCalculator.NodeDigest("/a/ü", node.Data, node.ToStatPersisted()));
    }

    [Fact]
    public void The_digest_uses_the_stored_cversion_not_the_one_clients_see()
    {
        var parent = Node();
        parent.AddChild("x");
        parent.AddChild("y");
        var same = Node();

        Assert.NotEqual(parent.Cversion, parent.ToStat().Cversion);
        Assert.Equal(DigestCalculator.NodeDigest("/p", same), DigestCalculator.NodeDigest("/p", parent));
    }

    [Fact]
    public void Null_and_empty_data_digest_alike()
    {
        Assert.Equal(DigestCalculator.NodeDigest("/n", Node(null)), DigestCalculator.NodeDigest("/n", Node([])));
    }

    [Fact]
    public void The_root_digests_as_the_empty_path()
    {
        var node = Node();
        var expected = DigestCalculator.NodeDigest("", node);
        Assert.Equal(expected, DigestCalculator.NodeDigest("/", node));
    }

    [Theory]
    [InlineData("/zookeeper/quota", true)]
    [InlineData("/zookeeper/config", true)]
    [InlineData("/zookeeper/quota/a/zookeeper_limits", true)]
    [InlineData("/zookeeper", false)]
    [InlineData("/zookeeperx", false)]
    [InlineData("/a/zookeeper/b", false)]
    public void Only_nodes_under_slash_zookeeper_slash_digest_to_zero(string path, bool excluded)
    {
        Assert.Equal(excluded, DigestCalculator.NodeDigest(path, Node()) == 0);
    }

    [Fact]
    public void The_tree_digest_is_the_wrapping_sum_of_node_digests()
    {
        var tree = new DataTree();
        long sum = 0;
        foreach (var (path, node) in tree.Nodes) sum = unchecked(sum + DigestCalculator.NodeDigest(path, node));

        Assert.Equal(sum, DigestCalculator.Compute(tree));
        Assert.Equal(DigestCalculator.NodeDigest("", tree.GetNode("/")!) + DigestCalculator.NodeDigest("/zookeeper", tree.GetNode("/zookeeper")!),
            DigestCalculator.Compute(tree));
    }

    [Fact]
    public void A_running_digest_moved_along_txn_by_txn_matches_Apaches_logged_digests()
    {
        var tree = new DataTree();
        var running = TreeDigest.Of(tree);
        foreach (var entry in TxnLogReader.OpenFiles([Fixtures.TxnLog("log.1")]).Entries())
        {
            running.Apply(tree, entry.Header, entry.Body);
            Assert.Equal(DigestCalculator.Compute(tree), running.Value);
            if (entry.Digest is { } logged) Assert.Equal(logged.TreeDigest, running.Value);
        }
    }

    [Fact]
    public void A_running_digest_follows_every_sample_txn_type()
    {
        var tree = new DataTree();
        var running = TreeDigest.Of(tree);
        long zxid = 1;
        foreach (var (name, type, body, _) in SampleTxns.All)
        {
            running.Apply(tree, SampleTxns.Header(zxid++, type), body);
            Assert.True(DigestCalculator.Compute(tree) == running.Value, $"running digest drifted at {name}");
        }
    }

    [Fact]
    public void Before_and_after_change_keep_a_running_digest_equal_to_a_full_recompute()
    {
        var tree = new DataTree();
        var running = TreeDigest.Of(tree);
        var node = tree.GetNode("/zookeeper")!;
        running.BeforeChange("/zookeeper", node);
        node.Data = "changed"u8.ToArray();
        node.Version++;
        running.AfterChange("/zookeeper", node);

        Assert.Equal(DigestCalculator.Compute(tree), running.Value);
        Assert.NotEqual(DigestCalculator.Compute(new DataTree()), running.Value);
    }
}
