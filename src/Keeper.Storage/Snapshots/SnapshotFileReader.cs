using Keeper.Core.Tree;
using Keeper.Protocol.Records;
using Keeper.Storage.Layout;

namespace Keeper.Storage.Snapshots;

/// <summary>A snapshot loaded into memory.</summary>
public sealed class LoadedSnapshot
{
    internal LoadedSnapshot(string path, long zxid, DataTree tree, Dictionary<long, int> sessions,
        ZxidDigest? digest, IReadOnlyList<string> danglingAclPaths)
    {
        Path = path;
        Zxid = zxid;
        Tree = tree;
        Sessions = sessions;
        Digest = digest;
        DanglingAclPaths = danglingAclPaths;
    }

    public string Path { get; }

    /// <summary>The zxid in the file name: the last txn applied when the (fuzzy) snapshot was begun.</summary>
    public long Zxid { get; }

    /// <summary>The tree, its LastProcessedZxid set to <see cref="Zxid"/>.</summary>
    public DataTree Tree { get; }

    /// <summary>Session id to timeout, as captured when the snapshot was begun.</summary>
    public Dictionary<long, int> Sessions { get; }

    /// <summary>The digest section, if the file has one (ZooKeeper writes (0, 2, 0) when it had no digest).</summary>
    public ZxidDigest? Digest { get; }

    /// <summary>
    /// The digest to check once replay reaches its zxid, as DataTree.deserializeZxidDigest keeps it: only a
    /// digest with a zxid above 0 and not below the snapshot's own.
    /// </summary>
    public ZxidDigest? DigestToVerify => Digest is { Zxid: > 0 } d && d.Zxid >= Zxid ? d : null;

    /// <summary>
    /// Nodes whose ACL key is missing from the ACL section. Apache ZooKeeper can write such a snapshot when a
    /// node gets a new ACL list while the snapshot is being taken; replaying that node's create or setACL txn
    /// mends it (recovery does). Our writer never produces one.
    /// </summary>
    public IReadOnlyList<string> DanglingAclPaths { get; }
}

/// <summary>Reads ZooKeeper snapshot files (ours and Apache's) into a <see cref="DataTree"/>.</summary>
public static class SnapshotFileReader
{
    /// <summary>
    /// Loads a snapshot, verifying both seals. Throws <see cref="SnapshotCorruptException"/> (naming the file
    /// and the offset) if anything is wrong, or <see cref="IOException"/> if it cannot be read at all.
    /// </summary>
    public static LoadedSnapshot Load(string path, int maxLength = SnapshotParser.DefaultMaxLength)
    {
        var sink = new TreeSink();
        var trailer = SnapshotParser.Parse(path, sink, maxLength);
        if (sink.Tree.GetNode("/") is null)
            throw new SnapshotCorruptException(path, trailer.Length, "the snapshot has no root node");
        long zxid = DataDirLayout.ZxidOf(path, SnapshotFormat.FilePrefix) ?? -1;
        sink.Tree.LastProcessedZxid = zxid;
        // As DataTree.deserialize ends: the quota paths found again and their stats counted afresh.
        sink.Tree.SetUpQuotas();
        return new LoadedSnapshot(path, zxid, sink.Tree, sink.Sessions, trailer.Digest, sink.Dangling);
    }

    /// <summary>Reads the whole file and checks its seals without keeping anything.</summary>
    public static SnapshotTrailer Verify(string path, int maxLength = SnapshotParser.DefaultMaxLength) =>
        SnapshotParser.Parse(path, NullSink.Instance, maxLength);

    /// <summary>Builds the tree a snapshot describes; a SNAP stream (<see cref="SnapStream"/>) loads through it too.</summary>
    internal sealed class TreeSink : ISnapshotSink
    {
        private readonly Dictionary<long, List<Acl>> _acls = [];
        private readonly HashSet<long> _restoredAcls = [];

        public DataTree Tree { get; } = DataTree.CreateEmpty();
        public Dictionary<long, int> Sessions { get; } = [];
        public List<string> Dangling { get; } = [];

        public void OnSession(long sessionId, int timeout) => Sessions[sessionId] = timeout;

        public void OnAcl(long aclRef, List<Acl> acl) => _acls[aclRef] = acl;

        public void OnNode(string path, byte[]? data, long aclRef, in StatPersisted stat)
        {
            // Only keys some node uses are restored (ZooKeeper purges the rest after loading).
            if (aclRef != AclCache.OpenAclUnsafeRef && _restoredAcls.Add(aclRef))
            {
                if (_acls.TryGetValue(aclRef, out var acl)) Tree.RestoreAcl(aclRef, acl);
                else _restoredAcls.Remove(aclRef);
            }
            if (aclRef != AclCache.OpenAclUnsafeRef && !_restoredAcls.Contains(aclRef))
                Dangling.Add(path.Length == 0 ? "/" : path);
            Tree.RestoreNode(path, data, aclRef, stat);
        }
    }

    private sealed class NullSink : ISnapshotSink
    {
        public static readonly NullSink Instance = new();
        public void OnSession(long sessionId, int timeout) { }
        public void OnAcl(long aclRef, List<Acl> acl) { }
        public void OnNode(string path, byte[]? data, long aclRef, in StatPersisted stat) { }
    }
}
