using Keeper.Core.Tree;
using Keeper.Protocol.Jute;
using Keeper.Storage.Layout;

namespace Keeper.Storage.Snapshots;

/// <summary>
/// The state a leader sends a learner after the quorum packet SNAP(zxid) (ZooKeeper 3.8's
/// LearnerHandler.syncFollower and the SNAP case of Learner.syncWithLeader), on the same socket and archive
/// as the packets: the body of a snapshot file (SerializeUtils.serializeSnapshot: sessions, ACL cache, nodes
/// depth first from the root "", end marker "/") and then the string "BenWasHere" as a signature. Unlike a
/// snapshot file there is no file header, no Adler32 seal and no digest: the learner checks the tree digest
/// later, against the digests the leader's txns carry. (Not Apache's SnapStream, which handles files.)
/// </summary>
public static class SnapStream
{
    /// <summary>The string after the tree; the learner refuses the sync when it reads anything else.</summary>
    public const string Signature = "BenWasHere";

    /// <summary>How <see cref="SnapStreamCorruptException"/> names the stream.</summary>
    internal const string SourceName = "SNAP stream";

    /// <summary>
    /// Writes the sessions and the tree as they are now, then the signature, in chunks of about 64 KiB.
    /// Run it where nothing changes the tree meanwhile (the tree's thread, as the leader does when it sends
    /// SNAP with the zxid of the last txn applied): the ACL section is taken before the nodes, so a node must
    /// not get a new ACL list half way. Does not flush <paramref name="output"/> beyond its own writes.
    /// </summary>
    public static void Write(Stream output, DataTree tree, IEnumerable<(long SessionId, int Timeout)> sessions)
    {
        var sink = new StreamOutput(output);
        using var w = new JuteWriter(SnapshotBody.ChunkSize + 4096);
        SnapshotBody.WriteSessions(w, sink, sessions as IReadOnlyCollection<(long, int)> ?? sessions.ToArray());
        SnapshotBody.WriteAcls(w, sink, tree.Acls.Entries.ToArray());
        foreach (var (path, node) in tree.EnumerateInSnapshotOrder())
            SnapshotBody.WriteNode(w, sink, path, node.Data, node.AclRef, node.ToStatPersisted());
        SnapshotBody.WriteEndMarker(w);
        w.WriteString(Signature);
        SnapshotBody.Flush(w, sink);
    }

    /// <summary>
    /// Reads a SNAP stream from where the SNAP packet ended, checking what ZooKeeper checks (lengths within
    /// <paramref name="maxLength"/>, jute.maxbuffer plus its extra allowance by default; every parent before
    /// its child; the signature) and that there is a root. Reads exactly the stream's bytes, however short
    /// the reads of <paramref name="input"/> are, and leaves it open right after the signature, where the
    /// quorum packets go on. Throws <see cref="SnapStreamCorruptException"/> (saying what was being read and
    /// at which offset) for a damaged, truncated or unsigned stream; errors of <paramref name="input"/>
    /// itself pass through.
    /// </summary>
    public static LoadedSnapStream Read(Stream input, int maxLength = SnapshotParser.DefaultMaxLength)
    {
        var sink = new SnapshotFileReader.TreeSink();
        using var reader = SnapshotInput.OverStream(SourceName, input, maxLength);
        long nodes = SnapshotParser.ReadBody(reader, sink);
        if (sink.Tree.GetNode("/") is null)
            throw reader.Corrupt("the stream has no root node");

        long at = reader.Offset;
        var signature = reader.ReadString("the signature");
        if (signature != Signature)
            throw reader.Corrupt(
                $"missing signature: expected \"{Signature}\" after the tree, got {(signature is null ? "null" : $"\"{signature}\"")}", at);
        sink.Tree.SetUpQuotas();
        return new LoadedSnapStream(sink.Tree, sink.Sessions, sink.Dangling, nodes, reader.Offset);
    }
}

/// <summary>A tree and sessions received by SNAP sync.</summary>
public sealed class LoadedSnapStream
{
    internal LoadedSnapStream(DataTree tree, Dictionary<long, int> sessions, IReadOnlyList<string> danglingAclPaths,
        long nodeCount, long length)
    {
        Tree = tree;
        Sessions = sessions;
        DanglingAclPaths = danglingAclPaths;
        NodeCount = nodeCount;
        Length = length;
    }

    /// <summary>
    /// The tree. Its LastProcessedZxid is 0: the stream does not carry the zxid, the SNAP packet does, and the
    /// learner sets it from there (as Learner.syncWithLeader does with setlastProcessedZxid).
    /// </summary>
    public DataTree Tree { get; }

    /// <summary>Session id to timeout.</summary>
    public Dictionary<long, int> Sessions { get; }

    /// <summary>Nodes whose ACL key is missing from the ACL section (see <see cref="LoadedSnapshot.DanglingAclPaths"/>).</summary>
    public IReadOnlyList<string> DanglingAclPaths { get; }

    /// <summary>Nodes read, the root included.</summary>
    public long NodeCount { get; }

    /// <summary>Bytes read from the stream, the signature included.</summary>
    public long Length { get; }

    /// <summary>
    /// Sets the tree's zxid to the SNAP packet's and writes it as snapshot.&lt;zxid&gt; (ZooKeeper's learner takes
    /// this snapshot right after a SNAP sync, so a restart does not depend on txns it never logged).
    /// </summary>
    public string SaveAsSnapshot(DataDirLayout layout, long zxid, ZxidDigest? digest)
    {
        Tree.LastProcessedZxid = zxid;
        return SnapshotFileWriter.WriteAll(layout, Tree, Sessions.Select(s => (s.Key, s.Value)), zxid, digest);
    }
}
