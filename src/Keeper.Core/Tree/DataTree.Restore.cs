using Keeper.Protocol.Records;

namespace Keeper.Core.Tree;

/// <summary>
/// Loading a snapshot into the tree and walking the tree in snapshot order (ZooKeeper's
/// DataTree.deserialize and serializeNode). A snapshot names the root "" and lists every node after its
/// parent; the tree keys the root as "/".
/// </summary>
public sealed partial class DataTree
{
    /// <summary>A tree with no nodes at all (not even the root), ready for <see cref="RestoreNode"/>.</summary>
    public static DataTree CreateEmpty()
    {
        var tree = new DataTree();
        tree.Clear();
        return tree;
    }

    /// <summary>
    /// Removes every node, index entry and ACL reference (watches are left alone), as ZooKeeper clears the
    /// tree before deserializing a snapshot into it.
    /// </summary>
    public void Clear()
    {
        foreach (var node in _nodes.Values) Acls.Release(node.AclRef);
        _nodes.Clear();
        _ephemerals.Clear();
        _containers.Clear();
        _ttls.Clear();
        _quotaPrefixes.Clear();
        ApproximateDataSize = 0;
        LastProcessedZxid = 0;
        _lastRestored = _lastParent = default;
    }

    /// <summary>
    /// Registers an ACL list of the snapshot's ACL section under its key. Call it before the first node
    /// that refers to the key; entries no node refers to need not be restored at all (ZooKeeper purges them
    /// after loading).
    /// </summary>
    public void RestoreAcl(long aclRef, IReadOnlyList<Acl> acl)
    {
        if (aclRef == AclCache.OpenAclUnsafeRef) return;
        Acls.Restore(aclRef, acl);
    }

    /// <summary>
    /// Adds one node read from a snapshot: <paramref name="snapshotPath"/> is "" for the root, otherwise an
    /// absolute path whose parent was restored before it. Links it to its parent, indexes ephemerals,
    /// containers and TTL nodes by their stored ephemeralOwner, and counts one reference to its ACL key (a
    /// key that was never registered with <see cref="RestoreAcl"/> is kept but not counted, as ZooKeeper
    /// does). Throws <see cref="InvalidDataException"/> when the path cannot belong to a tree.
    /// </summary>
    public DataNode RestoreNode(string snapshotPath, byte[]? data, long aclRef, in StatPersisted stat)
    {
        var node = new DataNode { Data = data, AclRef = aclRef };
        node.SetFrom(stat);

        if (snapshotPath.Length == 0 || snapshotPath == "/")
        {
            if (!_nodes.TryAdd("/", node)) throw new InvalidDataException("the root appears twice");
            _lastRestored = ("/", node);
            Acls.AddReference(aclRef);
            return node;
        }

        if (snapshotPath[0] != '/' || snapshotPath[^1] == '/')
            throw new InvalidDataException($"invalid node path \"{snapshotPath}\"");
        int lastSlash = snapshotPath.LastIndexOf('/');
        var parentPath = lastSlash == 0 ? "/".AsSpan() : snapshotPath.AsSpan(0, lastSlash);
        var parent = ParentForRestore(parentPath)
            ?? throw new InvalidDataException($"the parent {parentPath} of {snapshotPath} is not in the snapshot before it");
        if (!_nodes.TryAdd(snapshotPath, node)) throw new InvalidDataException($"{snapshotPath} appears twice");
        _lastRestored = (snapshotPath, node);

        parent.AddChild(snapshotPath[(lastSlash + 1)..]);
        Acls.AddReference(aclRef);
        ApproximateDataSize += snapshotPath.Length + (data?.Length ?? 0);

        long owner = stat.EphemeralOwner;
        if (EphemeralOwner.IsContainer(owner)) _containers.Add(snapshotPath);
        else if (EphemeralOwner.IsTtl(owner)) _ttls.Add(snapshotPath);
        else if (owner != 0)
        {
            if (!_ephemerals.TryGetValue(owner, out var set)) _ephemerals[owner] = set = new(StringComparer.Ordinal);
            set.Add(snapshotPath);
        }
        return node;
    }

    // The node restored last: in snapshot order (depth first) it is the parent of the next node more often than
    // not, and the parent of the one after it (its sibling) too, so most nodes find their parent without a lookup.
    private (string Path, DataNode Node) _lastRestored;
    private (string Path, DataNode Node) _lastParent;

    /// <summary>The parent of a restored node, found without allocating its path: the cache, else a span lookup.</summary>
    private DataNode? ParentForRestore(ReadOnlySpan<char> parentPath)
    {
        if (_lastParent.Node is not null && parentPath.SequenceEqual(_lastParent.Path)) return _lastParent.Node;
        if (_lastRestored.Node is not null && parentPath.SequenceEqual(_lastRestored.Path))
        {
            _lastParent = _lastRestored;
            return _lastParent.Node;
        }
        if (!_nodes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(parentPath, out var path, out var parent)) return null;
        _lastParent = (path, parent);
        return parent;
    }

    /// <summary>
    /// The nodes depth first from the root, each after its parent, the root under the path "" as snapshots
    /// name it. Safe to interleave with <see cref="Apply"/> between steps (a fuzzy snapshot): each node's
    /// children are copied when the node is visited and every child is looked up again when its turn comes,
    /// so a node deleted meanwhile is skipped and one created under an already visited parent is not seen.
    /// Serialize each node before the next step, since its fields keep changing.
    /// </summary>
    public IEnumerable<(string SnapshotPath, DataNode Node)> EnumerateInSnapshotOrder()
    {
        if (!_nodes.TryGetValue("/", out var root)) yield break;
        var pending = new Stack<(string Prefix, string[] Children, int Next)>();
        // Children are copied before the node is handed out, together with the stat the caller writes, so a
        // child created later is absent from both and its replayed create moves the parent's cversion.
        pending.Push(("", ChildrenOf(root), 0));
        yield return ("", root);

        while (pending.Count > 0)
        {
            var (prefix, children, next) = pending.Pop();
            if (next >= children.Length) continue;
            pending.Push((prefix, children, next + 1));
            string path = prefix + "/" + children[next];
            if (!_nodes.TryGetValue(path, out var node)) continue;
            if (node.ChildCount > 0) pending.Push((path, ChildrenOf(node), 0));
            yield return (path, node);
        }
    }

    private static string[] ChildrenOf(DataNode node)
    {
        if (node.ChildCount == 0) return [];
        var children = new string[node.ChildCount];
        int i = 0;
        foreach (var child in node.Children) children[i++] = child;
        return children;
    }
}
