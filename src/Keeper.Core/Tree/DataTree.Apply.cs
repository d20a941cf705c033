using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tree;

/// <summary>Applying txns: the only way the tree changes (ZooKeeper's DataTree.processTxn).</summary>
public sealed partial class DataTree
{
    /// <summary>
    /// Applies one txn. Replaying a txn that a fuzzy snapshot already contains is harmless: the error it
    /// meets (node exists, no node) is returned, not thrown, exactly as ZooKeeper tolerates it on replay.
    /// </summary>
    public TxnResult Apply(in TxnHeader header, IJuteRecord? body)
    {
        var result = ApplyOne(header, body);
        if (header.Zxid > LastProcessedZxid) LastProcessedZxid = header.Zxid;
        return result;
    }

    private TxnResult ApplyOne(in TxnHeader header, IJuteRecord? body)
    {
        switch (body)
        {
            case CreateTxn c:
                var created = CreateNode(c.Path, c.Data, c.Acl, c.Ephemeral ? header.ClientId : 0, c.ParentCVersion, header);
                // Replay over a fuzzy snapshot: the node may exist because it was deleted and re-created by
                // another session after its parent was written; the parent must still get this create's
                // cversion and pzxid (ZooKeeper does this for opcode create only).
                if (header.Type == OpCode.Create && created.Err == ErrorCode.NodeExists)
                    RaiseCversion(PathValidation.ParentOf(c.Path), c.ParentCVersion, header.Zxid);
                return created;
            case CreateContainerTxn c:
                return CreateNode(c.Path, c.Data, c.Acl, EphemeralOwner.Container, c.ParentCVersion, header);
            case CreateTtlTxn c:
                return CreateNode(c.Path, c.Data, c.Acl, EphemeralOwner.ForTtl(c.Ttl), c.ParentCVersion, header);
            case DeleteTxn d:
                return DeleteNode(d.Path, header.Zxid) ? TxnResult.Ok(header, d.Path) : TxnResult.Fail(header, ErrorCode.NoNode, d.Path);
            case SetDataTxn s:
                return SetData(s, header);
            case SetAclTxn s:
                return SetAcl(s, header);
            case CheckVersionTxn c:
                return TxnResult.Ok(header, c.Path);
            case CloseSessionTxn close:
                // The paths the txn lists, then any other ephemeral the session still owns (ZooKeeper's killSession).
                foreach (var path in close.PathsToDelete) DeleteNode(path, header.Zxid);
                foreach (var path in EphemeralsOf(header.ClientId).ToArray()) DeleteNode(path, header.Zxid);
                _ephemerals.Remove(header.ClientId);
                return TxnResult.Ok(header, null);
            case ErrorTxn e:
                return TxnResult.Fail(header, e.Err, null);
            case MultiTxn multi:
                return ApplyMulti(header, multi);
            default:
                // createSession: the session table, not the tree, records it.
                return TxnResult.Ok(header, null);
        }
    }

    private TxnResult ApplyMulti(in TxnHeader header, MultiTxn multi)
    {
        bool failed = multi.Txns.Any(t => t.Type == OpCode.Error);
        var results = new List<TxnResult>(multi.Txns.Count);
        bool afterFailure = false;
        foreach (var sub in multi.Txns)
        {
            var subType = sub.Type;
            IJuteRecord? subBody = sub.Body;
            if (subType == OpCode.Error) afterFailure = true;
            else if (failed)
            {
                // A failed multi applies nothing: ops before the failure report 0, ops after it -2.
                subType = OpCode.Error;
                subBody = new ErrorTxn(afterFailure ? ErrorCode.RuntimeInconsistency : ErrorCode.Ok);
            }
            var subHeader = header with { Type = subType };
            results.Add(ApplyOne(subHeader, subBody));
        }
        return new TxnResult(header.Type, header.Zxid, ErrorCode.Ok, null, null, results);
    }

    private void RaiseCversion(string path, int cversion, long zxid)
    {
        if (!_nodes.TryGetValue(path, out var node)) return;
        if (cversion == -1) cversion = node.Cversion + 1;
        if (cversion <= node.Cversion) return;
        node.Cversion = cversion;
        node.Pzxid = zxid;
    }

    private TxnResult CreateNode(string path, byte[]? data, IReadOnlyList<Acl> acl, long ephemeralOwner,
        int parentCVersion, in TxnHeader header)
    {
        int lastSlash = path.LastIndexOf('/');
        // Looked up as a span: the parent's path string is only built if a child watch may fire on it.
        var parentPath = lastSlash <= 0 ? "/".AsSpan() : path.AsSpan(0, lastSlash);
        if (!_nodes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(parentPath, out var parent))
            return TxnResult.Fail(header, ErrorCode.NoNode, path);
        string name = path[(lastSlash + 1)..];
        if (parent.Children.Contains(name)) return TxnResult.Fail(header, ErrorCode.NodeExists, path);

        if (parentCVersion == -1) parentCVersion = parent.Cversion + 1;
        // Replaying an older create must not move the parent's cversion or pzxid backwards.
        if (parentCVersion > parent.Cversion)
        {
            parent.Cversion = parentCVersion;
            parent.Pzxid = header.Zxid;
        }
        var node = new DataNode
        {
            Data = data, AclRef = Acls.Add(acl), EphemeralOwner = ephemeralOwner,
            Czxid = header.Zxid, Mzxid = header.Zxid, Pzxid = header.Zxid, Ctime = header.Time, Mtime = header.Time,
        };
        parent.AddChild(name);
        _nodes[path] = node;
        ApproximateDataSize += path.Length + (data?.Length ?? 0);

        if (EphemeralOwner.IsContainer(ephemeralOwner)) _containers.Add(path);
        else if (EphemeralOwner.IsTtl(ephemeralOwner)) _ttls.Add(path);
        else if (ephemeralOwner != 0)
        {
            if (!_ephemerals.TryGetValue(ephemeralOwner, out var set)) _ephemerals[ephemeralOwner] = set = new(StringComparer.Ordinal);
            set.Add(path);
        }

        QuotaOnCreate(path, parentPath, name, data?.Length ?? 0);
        Namespaces.Write(path, data?.Length ?? 0);
        DataWatches.Trigger(path, EventType.NodeCreated, header.Zxid, acl);
        if (!ChildWatches.IsEmpty)
            ChildWatches.Trigger(parentPath.ToString(), EventType.NodeChildrenChanged, header.Zxid, AclOf(parent));
        return TxnResult.Ok(header, path, node.ToStat());
    }

    private bool DeleteNode(string path, long zxid)
    {
        if (path == "/") return false;
        string parentPath = PathValidation.ParentOf(path);
        if (_nodes.TryGetValue(parentPath, out var parent))
        {
            parent.RemoveChild(PathValidation.NameOf(path));
            // Moved forward even when the child is already gone: replaying a delete over a fuzzy snapshot
            // that missed the child must still leave the parent's pzxid where ZooKeeper leaves it. Only
            // forward, so a replayed delete cannot undo a later create's pzxid.
            if (zxid > parent.Pzxid) parent.Pzxid = zxid;
        }
        if (!_nodes.Remove(path, out var node)) return false;
        var acl = Acls.Get(node.AclRef);
        Acls.Release(node.AclRef);
        ApproximateDataSize -= path.Length + (node.Data?.Length ?? 0);
        long owner = node.EphemeralOwner;
        if (EphemeralOwner.IsContainer(owner)) _containers.Remove(path);
        else if (EphemeralOwner.IsTtl(owner)) _ttls.Remove(path);
        else if (owner != 0 && _ephemerals.TryGetValue(owner, out var set))
        {
            set.Remove(path);
            if (set.Count == 0) _ephemerals.Remove(owner);
        }

        QuotaOnDelete(path, parentPath, PathValidation.NameOf(path), node.Data?.Length ?? 0);
        Namespaces.Write(path, 0);
        var told = DataWatches.Trigger(path, EventType.NodeDeleted, zxid, acl);
        ChildWatches.Trigger(path, EventType.NodeDeleted, zxid, acl, told);
        if (parent is not null) ChildWatches.Trigger(parentPath, EventType.NodeChildrenChanged, zxid, AclOf(parent));
        return true;
    }

    private TxnResult SetData(SetDataTxn txn, in TxnHeader header)
    {
        if (!_nodes.TryGetValue(txn.Path, out var node)) return TxnResult.Fail(header, ErrorCode.NoNode, txn.Path);
        long bytesDiff = (txn.Data?.Length ?? 0) - (node.Data?.Length ?? 0);
        ApproximateDataSize += bytesDiff;
        node.Data = txn.Data;
        node.Version = txn.Version;
        node.Mzxid = header.Zxid;
        node.Mtime = header.Time;
        QuotaOnSetData(txn.Path, bytesDiff);
        Namespaces.Write(txn.Path, txn.Data?.Length ?? 0);
        DataWatches.Trigger(txn.Path, EventType.NodeDataChanged, header.Zxid, AclOf(node));
        return TxnResult.Ok(header, txn.Path, node.ToStat()) with { Data = header.Type == OpCode.Reconfig ? txn.Data : null };
    }

    private TxnResult SetAcl(SetAclTxn txn, in TxnHeader header)
    {
        if (!_nodes.TryGetValue(txn.Path, out var node)) return TxnResult.Fail(header, ErrorCode.NoNode, txn.Path);
        Acls.Release(node.AclRef);
        node.AclRef = Acls.Add(txn.Acl);
        node.Aversion = txn.Version;
        return TxnResult.Ok(header, txn.Path, node.ToStat());
    }
}
