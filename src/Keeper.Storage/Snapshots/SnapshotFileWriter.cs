using System.Globalization;
using Keeper.Core.Tree;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Storage.Layout;

namespace Keeper.Storage.Snapshots;

/// <summary>
/// Writes a snapshot in ZooKeeper 3.8's format, built for a fuzzy snapshot taken while writes go on: the
/// owner of the tree calls <see cref="WriteNode(string, byte[], long, IReadOnlyList{Acl}, in StatPersisted)"/>
/// in slices between txns (depth first, the root as "" first; see <see cref="FuzzySnapshotCursor"/>), then
/// <see cref="Complete"/>. The ACL section precedes the nodes in the file but must hold every key a node
/// refers to, including keys made after the snapshot began, so nodes go to a temporary file first and
/// <see cref="Complete"/> writes the real file: header, sessions, ACLs, nodes, end marker, seal, digest,
/// seal, under a temporary name that is fsynced and then renamed into place.
/// Begin and WriteNode belong to the tree's thread; Complete touches no tree and may run on any thread.
/// </summary>
public sealed class SnapshotFileWriter : IDisposable
{
    private const string NodesTempPrefix = "snapshot-nodes.";
    private const string FileTempPrefix = "snapshot-writing.";
    private const string TempSuffix = ".tmp";

    private readonly DataDirLayout _layout;
    private readonly (long SessionId, int Timeout)[] _sessions;
    private readonly Dictionary<long, IReadOnlyList<Acl>> _acls = [];
    private readonly JuteWriter _scratch = new(4096);
    private readonly string _nodesPath;
    private FileStream? _nodes;
    private StreamOutput? _nodesOutput;
    private bool _done;

    private SnapshotFileWriter(DataDirLayout layout, long zxid, (long, int)[] sessions)
    {
        _layout = layout;
        Zxid = zxid;
        _sessions = sessions;
        layout.EnsureDirectories();
        _nodesPath = Path.Combine(layout.SnapshotDir, TempName(NodesTempPrefix, zxid));
        _nodes = new FileStream(_nodesPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024);
        _nodesOutput = new StreamOutput(_nodes);
    }

    /// <summary>
    /// Starts a snapshot named after <paramref name="zxid"/> (the last txn applied now) with the sessions as
    /// they are now (id and timeout).
    /// </summary>
    public static SnapshotFileWriter Begin(DataDirLayout layout, long zxid, IEnumerable<(long SessionId, int Timeout)> sessions) =>
        new(layout, zxid, sessions.ToArray());

    public long Zxid { get; }

    /// <summary>Where <see cref="Complete"/> puts the snapshot: snapshot.&lt;zxid hex&gt; in dataDir/version-2.</summary>
    public string FinalPath => _layout.SnapshotPath(Zxid);

    public long NodeCount { get; private set; }

    /// <summary>
    /// Appends one node: <paramref name="snapshotPath"/> is "" for the root; every other node must come after
    /// its parent. <paramref name="acl"/> is the list behind <paramref name="aclRef"/> (ignored for -1,
    /// OPEN_ACL_UNSAFE; null only for a key whose list is unknown, which then stays out of the ACL section).
    /// </summary>
    public void WriteNode(string snapshotPath, byte[]? data, long aclRef, IReadOnlyList<Acl>? acl, in StatPersisted stat)
    {
        var nodes = _nodesOutput ?? throw new InvalidOperationException("the snapshot is already complete or abandoned");
        if (aclRef != AclCache.OpenAclUnsafeRef && acl is not null)
        {
            if (!_acls.TryGetValue(aclRef, out var known)) _acls[aclRef] = acl;
            else if (!ReferenceEquals(known, acl) && !Acls.SameList(known, acl))
                throw new InvalidOperationException($"ACL key {aclRef} was written with two different lists");
        }

        _scratch.Reset();
        SnapshotBody.WriteNode(_scratch, nodes, snapshotPath, data, aclRef, stat);
        SnapshotBody.Flush(_scratch, nodes);
        NodeCount++;
    }

    /// <summary>Appends a node of <paramref name="tree"/> as it is at this moment.</summary>
    public void WriteNode(DataTree tree, string snapshotPath, DataNode node) =>
        WriteNode(snapshotPath, node.Data, node.AclRef, AclOrNull(tree, node.AclRef), node.ToStatPersisted());

    /// <summary>
    /// Writes the final file and returns its path. <paramref name="digest"/> is the tree digest right after
    /// the last txn applied before the last node was written (ZooKeeper's lastProcessedZxidDigest at the end
    /// of serialization), <see cref="ZxidDigest.Empty"/> when there is none yet, or null with digests off
    /// (zookeeper.digest.enabled=false: then the file ends after the first seal).
    /// </summary>
    public string Complete(ZxidDigest? digest)
    {
        var nodes = _nodes ?? throw new InvalidOperationException("the snapshot is already complete or abandoned");
        string tempPath = Path.Combine(_layout.SnapshotDir, TempName(FileTempPrefix, Zxid));
        try
        {
            nodes.Flush();
            nodes.Position = 0;
            using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                var output = new ChecksummedOutput(file);
                WriteHead(output);
                output.CopyFrom(nodes);
                WriteTail(output, digest);
                file.Flush(flushToDisk: true);
            }
            DurableFiles.Publish(tempPath, FinalPath);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
        finally
        {
            Close();
        }
        _done = true;
        return FinalPath;
    }

    /// <summary>Writes a whole tree at once (shutdown, tests, an empty database's snapshot.0).</summary>
    public static string WriteAll(DataDirLayout layout, DataTree tree, IEnumerable<(long SessionId, int Timeout)> sessions,
        long zxid, ZxidDigest? digest)
    {
        using var writer = Begin(layout, zxid, sessions);
        foreach (var (path, node) in tree.EnumerateInSnapshotOrder()) writer.WriteNode(tree, path, node);
        return writer.Complete(digest);
    }

    /// <summary>Abandons an unfinished snapshot, removing its temporary file.</summary>
    public void Dispose()
    {
        if (!_done) Close();
        _scratch.Dispose();
    }

    /// <summary>True for the temporary files a writer makes (left behind only by a crash).</summary>
    public static bool IsTemporaryFile(string path)
    {
        var name = Path.GetFileName(path);
        return (name.StartsWith(NodesTempPrefix, StringComparison.Ordinal) || name.StartsWith(FileTempPrefix, StringComparison.Ordinal))
            && name.EndsWith(TempSuffix, StringComparison.Ordinal);
    }

    private void WriteHead(ChecksummedOutput output)
    {
        var w = _scratch;
        w.Reset();
        SnapshotFormat.Header.Write(w);
        SnapshotBody.WriteSessions(w, output, _sessions);
        SnapshotBody.WriteAcls(w, output, _acls.OrderBy(e => e.Key).ToArray());
        SnapshotBody.Flush(w, output);
    }

    private void WriteTail(ChecksummedOutput output, ZxidDigest? digest)
    {
        var w = _scratch;
        w.Reset();
        SnapshotBody.WriteEndMarker(w);
        SnapshotBody.Flush(w, output);
        WriteSeal(output);
        if (digest is { } d)
        {
            w.Reset();
            w.WriteLong(d.Zxid);
            w.WriteInt(d.Version);
            w.WriteLong(d.Digest);
            output.Write(w.WrittenSpan);
            WriteSeal(output);
        }
    }

    /// <summary>SnapStream.sealStream: the Adler32 of everything written so far as a long, then "/".</summary>
    private void WriteSeal(ChecksummedOutput output)
    {
        var w = _scratch;
        w.Reset();
        w.WriteLong(output.Checksum);
        w.WriteString(SnapshotFormat.EndMarker);
        output.Write(w.WrittenSpan);
    }

    private static IReadOnlyList<Acl>? AclOrNull(DataTree tree, long aclRef)
    {
        if (aclRef == AclCache.OpenAclUnsafeRef) return null;
        try
        {
            return tree.Acls.Get(aclRef);
        }
        catch (InvalidOperationException)
        {
            // A key already missing from the cache (restored from an Apache snapshot that lacked it): the
            // node keeps it, as ZooKeeper does, and the ACL section cannot list it.
            return null;
        }
    }

    private void Close()
    {
        var nodes = _nodes;
        _nodes = null;
        _nodesOutput = null;
        if (nodes is null) return;
        nodes.Dispose();
        TryDelete(_nodesPath);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string TempName(string prefix, long zxid) =>
        prefix + DataDirLayout.Hex(zxid) + "." + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..8] + TempSuffix;

    /// <summary>A stream wrapper that keeps the Adler32 of everything written, as CheckedOutputStream does.</summary>
    private sealed class ChecksummedOutput(Stream stream) : ISnapshotOutput
    {
        // Adler32 starts at 1.
        public long Checksum { get; private set; } = 1;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            Checksum = Log.Adler32.Update(Checksum, bytes);
            stream.Write(bytes);
        }

        public void CopyFrom(Stream source)
        {
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = source.Read(buffer, 0, buffer.Length)) > 0) Write(buffer.AsSpan(0, n));
        }
    }
}
