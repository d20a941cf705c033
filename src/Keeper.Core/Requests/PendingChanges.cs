using Keeper.Core.Tree;

namespace Keeper.Core.Requests;

/// <summary>
/// Outstanding changes: the tree as it will be after every prepared txn is applied. A write is validated
/// against this view, so a request prepared while earlier txns wait for the disk (or for a multi's earlier
/// ops) sees their effects. Records leave once the txn that made them is applied.
/// </summary>
internal sealed class PendingChanges(DataTree tree)
{
    private readonly Dictionary<string, ChangeRecord> _byPath = new(StringComparer.Ordinal);
    private readonly Queue<ChangeRecord> _inOrder = new();

    public int Count => _inOrder.Count;

    /// <summary>The node as pending txns leave it, or null if it does not exist then.</summary>
    public ChangeRecord? Get(string path)
    {
        if (path.Length == 0) path = "/";
        if (_byPath.TryGetValue(path, out var record)) return record.Exists ? record : null;
        var node = tree.GetNode(path);
        if (node is null) return null;
        return new ChangeRecord(node.Mzxid, path, true, node.Version, node.Cversion, node.Aversion,
            node.EphemeralOwner, node.ChildCount, tree.AclOf(node), node.Data?.Length ?? 0);
    }

    public void Add(ChangeRecord record)
    {
        _byPath[record.Path] = record;
        _inOrder.Enqueue(record);
    }

    /// <summary>The ephemerals a session will own once pending txns are applied.</summary>
    public HashSet<string> EphemeralsOf(long sessionId)
    {
        var paths = new HashSet<string>(tree.EphemeralsOf(sessionId), StringComparer.Ordinal);
        foreach (var record in _inOrder)
        {
            if (!record.Exists) paths.Remove(record.Path);
            else if (record.EphemeralOwner == sessionId) paths.Add(record.Path);
        }
        return paths;
    }

    /// <summary>Saves the current records for some paths so a failed multi can put them back.</summary>
    public Dictionary<string, ChangeRecord?> Save(IEnumerable<string> paths)
    {
        var saved = new Dictionary<string, ChangeRecord?>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            saved[path] = _byPath.GetValueOrDefault(path);
            string parent = PathValidation.ParentOf(path);
            saved.TryAdd(parent, _byPath.GetValueOrDefault(parent));
        }
        return saved;
    }

    /// <summary>Drops the records a failed multi added and restores what was there before it.</summary>
    public void Rollback(long zxid, Dictionary<string, ChangeRecord?> saved)
    {
        var kept = _inOrder.Where(r => r.Zxid != zxid).ToList();
        _inOrder.Clear();
        foreach (var record in kept) _inOrder.Enqueue(record);
        foreach (var (path, record) in saved)
        {
            if (record is null) _byPath.Remove(path);
            else _byPath[path] = record;
        }
        // A path a multi touched for the first time may still hold one of its records.
        foreach (var path in _byPath.Where(e => e.Value.Zxid == zxid).Select(e => e.Key).ToList())
            _byPath.Remove(path);
    }

    /// <summary>Forgets records made by txns up to and including this zxid, now applied to the tree.</summary>
    public void Applied(long zxid)
    {
        while (_inOrder.Count > 0 && _inOrder.Peek().Zxid <= zxid)
        {
            var record = _inOrder.Dequeue();
            if (_byPath.TryGetValue(record.Path, out var current) && ReferenceEquals(current, record))
                _byPath.Remove(record.Path);
        }
    }
}
