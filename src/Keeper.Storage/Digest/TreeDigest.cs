using Keeper.Core.Tree;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Storage.Digest;

/// <summary>
/// A running tree digest (ZooKeeper's AdHash as NodeHashMapImpl keeps it): add a node's digest when it
/// appears, subtract it when it goes, and around an in-place change subtract the old digest before
/// (<see cref="BeforeChange"/>) and add the new one after (<see cref="AfterChange"/>). The sum wraps.
/// <see cref="Apply"/> does all of that for one txn, touching only the nodes the txn changes.
/// </summary>
public sealed class TreeDigest
{
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    public TreeDigest(long initial = 0) => Value = initial;

    public long Value { get; private set; }

    public static TreeDigest Of(DataTree tree) => new(DigestCalculator.Compute(tree));

    public void Add(long nodeDigest) => Value = unchecked(Value + nodeDigest);
    public void Remove(long nodeDigest) => Value = unchecked(Value - nodeDigest);

    public void Add(string path, DataNode node) => Add(DigestCalculator.NodeDigest(path, node));
    public void Remove(string path, DataNode node) => Remove(DigestCalculator.NodeDigest(path, node));

    /// <summary>Call with the node as it is before a change to its data or stat.</summary>
    public void BeforeChange(string path, DataNode node) => Remove(path, node);

    /// <summary>Call with the node as it is after the change.</summary>
    public void AfterChange(string path, DataNode node) => Add(path, node);

    public void Reset(long value = 0) => Value = value;

    /// <summary>
    /// Applies a txn to <paramref name="tree"/> and moves the digest along: the nodes the txn can touch
    /// (its paths and their parents; a closeSession's ephemerals) leave the sum before and re-enter after.
    /// Equals <see cref="DigestCalculator.Compute"/> of the tree afterwards if it did before.
    /// </summary>
    public TxnResult Apply(DataTree tree, in TxnHeader header, IJuteRecord? body)
    {
        _touched.Clear();
        Collect(tree, header.ClientId, body);
        foreach (var path in _touched)
            if (tree.GetNode(path) is { } before) Remove(path, before);
        var result = tree.Apply(header, body);
        foreach (var path in _touched)
            if (tree.GetNode(path) is { } after) Add(path, after);
        return result;
    }

    private void Collect(DataTree tree, long sessionId, IJuteRecord? body)
    {
        switch (body)
        {
            case CreateTxn c: NodeAndParent(c.Path); break;
            case CreateContainerTxn c: NodeAndParent(c.Path); break;
            case CreateTtlTxn c: NodeAndParent(c.Path); break;
            case DeleteTxn d: NodeAndParent(d.Path); break;
            case SetDataTxn s: Node(s.Path); break;
            case SetAclTxn s: Node(s.Path); break;
            case CloseSessionTxn close:
                foreach (var path in close.PathsToDelete) NodeAndParent(path);
                foreach (var path in tree.EphemeralsOf(sessionId)) NodeAndParent(path);
                break;
            case MultiTxn multi:
                foreach (var sub in multi.Txns) Collect(tree, sessionId, sub.Body);
                break;
        }
    }

    // "" and "/" are the same root: keep one spelling so it leaves and re-enters the sum once.
    private void Node(string path) => _touched.Add(path.Length == 0 ? "/" : path);

    private void NodeAndParent(string path)
    {
        if (path.Length == 0 || path[0] != '/') return;
        _touched.Add(path);
        _touched.Add(PathValidation.ParentOf(path));
    }
}
