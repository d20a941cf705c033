using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Keeper.Core.Tree;
using Keeper.Protocol.Records;

namespace Keeper.Storage.Digest;

// API (stable; snapshots and the server use it):
//   DigestCalculator.DigestVersion                                  = 2, the TxnDigest / ZxidDigest version
//   DigestCalculator.NodeDigest(string path, DataNode node)         -> long (0 .. 2^32-1, or 0 when excluded)
//   DigestCalculator.NodeDigest(string path, byte[]? data, in StatPersisted stat)
//   DigestCalculator.IsExcluded(string path)                        paths under "/zookeeper/" digest to 0
//   DigestCalculator.Compute(DataTree tree)                         -> long, the whole-tree digest
//   TreeDigest: a running digest (Add / Remove / BeforeChange / AfterChange / Value), see TreeDigest.cs

/// <summary>
/// ZooKeeper's tree digest (server/DigestCalculator.java, version 2). A node digests to the CRC-32 of its
/// path (UTF-8, "/" written as ""), its data (if not null) and a 60-byte big-endian block of czxid, mzxid,
/// pzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, all as stored (cversion is the stored
/// count of child creates, ephemeralOwner the raw container/TTL encoding). Nodes under "/zookeeper/" give 0;
/// "/zookeeper" itself is digested. The tree digest (AdHash) is the 64-bit wrapping sum of node digests.
/// </summary>
public static class DigestCalculator
{
    public const int DigestVersion = 2;

    /// <summary>ZooDefs.ZOOKEEPER_NODE_SUBTREE: quota nodes change locally, so this subtree is left out.</summary>
    public const string ExcludedSubtree = "/zookeeper/";

    private const int StatBlockSize = 60;

    // java.util.zip.CRC32's CRC-32 (zlib's, reflected 0xEDB88320), vectorized by the library; one per thread so a
    // node's three parts are summed without an allocation (every node is digested at every start).
    [ThreadStatic] private static System.IO.Hashing.Crc32? Crc;

    public static bool IsExcluded(string path) => path.StartsWith(ExcludedSubtree, StringComparison.Ordinal);

    public static long NodeDigest(string path, DataNode node) =>
        NodeDigest(path, node.Data, node.Czxid, node.Mzxid, node.Pzxid, node.Ctime, node.Mtime,
            node.Version, node.Cversion, node.Aversion, node.EphemeralOwner);

    public static long NodeDigest(string path, byte[]? data, in StatPersisted stat) =>
        NodeDigest(path, data, stat.Czxid, stat.Mzxid, stat.Pzxid, stat.Ctime, stat.Mtime,
            stat.Version, stat.Cversion, stat.Aversion, stat.EphemeralOwner);

    public static long NodeDigest(string path, byte[]? data, long czxid, long mzxid, long pzxid, long ctime,
        long mtime, int version, int cversion, int aversion, long ephemeralOwner)
    {
        if (IsExcluded(path)) return 0;
        // "" and "/" both name the root in ZooKeeper's DataTree; it always digests as "".
        if (path == "/") path = "";

        var crc = Crc ??= new System.IO.Hashing.Crc32();
        crc.Reset();
        int pathBytes = Encoding.UTF8.GetMaxByteCount(path.Length);
        byte[]? rented = null;
        Span<byte> pathBuffer = pathBytes <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(pathBytes));
        int written = Encoding.UTF8.GetBytes(path, pathBuffer);
        crc.Append(pathBuffer[..written]);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);

        if (data is not null) crc.Append(data);

        Span<byte> block = stackalloc byte[StatBlockSize];
        BinaryPrimitives.WriteInt64BigEndian(block, czxid);
        BinaryPrimitives.WriteInt64BigEndian(block[8..], mzxid);
        BinaryPrimitives.WriteInt64BigEndian(block[16..], pzxid);
        BinaryPrimitives.WriteInt64BigEndian(block[24..], ctime);
        BinaryPrimitives.WriteInt64BigEndian(block[32..], mtime);
        BinaryPrimitives.WriteInt32BigEndian(block[40..], version);
        BinaryPrimitives.WriteInt32BigEndian(block[44..], cversion);
        BinaryPrimitives.WriteInt32BigEndian(block[48..], aversion);
        BinaryPrimitives.WriteInt64BigEndian(block[52..], ephemeralOwner);
        crc.Append(block);
        return crc.GetCurrentHashAsUInt32();
    }

    /// <summary>The digest of a whole tree, as ZooKeeper's running digest would have it.</summary>
    public static long Compute(DataTree tree)
    {
        long sum = 0;
        foreach (var (path, node) in tree.Nodes)
            sum = unchecked(sum + NodeDigest(path, node));
        return sum;
    }
}
