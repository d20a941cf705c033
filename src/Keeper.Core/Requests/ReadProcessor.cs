using Keeper.Core.Auth;
using Keeper.Core.Tree;
using Keeper.Core.Watches;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Requests;

/// <summary>
/// Requests that read the tree or the watch tables and make no txn, answered as ZooKeeper's
/// FinalRequestProcessor answers them (node checks, then ACL checks, then the watch).
/// </summary>
public sealed class ReadProcessor(DataTree tree)
{
    public Reply Process(Request request)
    {
        try
        {
            return request.Type switch
            {
                OpCode.Exists => Exists((PathWatchRequest)request.Body!, request),
                OpCode.GetData => GetData((PathWatchRequest)request.Body!, request, request.Watcher),
                OpCode.GetChildren => GetChildren((PathWatchRequest)request.Body!, request, request.Watcher, withStat: false),
                OpCode.GetChildren2 => GetChildren((PathWatchRequest)request.Body!, request, request.Watcher, withStat: true),
                OpCode.GetAcl => GetAcl((PathRecord)request.Body!, request),
                OpCode.GetAllChildrenNumber => GetAllChildrenNumber((PathRecord)request.Body!, request),
                OpCode.GetEphemerals => GetEphemerals((PathRecord)request.Body!, request),
                OpCode.MultiRead => MultiRead((MultiRequest)request.Body!, request),
                OpCode.Sync => Reply.Ok(new PathRecord(((PathRecord)request.Body!).Path)),
                OpCode.AddWatch => AddWatch((AddWatchRequest)request.Body!, request),
                OpCode.CheckWatches => CheckWatches((WatchesRequest)request.Body!, request, remove: false),
                OpCode.RemoveWatches => CheckWatches((WatchesRequest)request.Body!, request, remove: true),
                OpCode.SetWatches => SetWatches((SetWatches)request.Body!, request),
                OpCode.SetWatches2 => SetWatches2((SetWatches2)request.Body!, request),
                OpCode.WhoAmI => WhoAmI(request),
                OpCode.Ping => Reply.Ok(),
                _ => Reply.Error(ErrorCode.Unimplemented),
            };
        }
        catch (KeeperException e)
        {
            return Reply.Error(e.Code);
        }
    }

    private DataNode NodeOrNoNode(string path) => tree.GetNode(path) ?? throw new KeeperException(ErrorCode.NoNode, path);

    private void CheckAcl(DataNode node, Perms perm, Request request, string path)
    {
        if (!AclChecker.IsAllowed(tree.AclOf(node), perm, request.AuthIds)) throw new KeeperException(ErrorCode.NoAuth, path);
    }

    private Reply Exists(PathWatchRequest exists, Request request)
    {
        if (exists.Path.Contains('\0')) throw new KeeperException(ErrorCode.BadArguments, exists.Path);
        // No ACL check: ZooKeeper 3.8 answers exists with the stat even without READ on the node.
        var node = tree.GetNode(exists.Path);
        // The watch is set even when the node is missing: it then waits for the create.
        if (exists.Watch && request.Watcher is not null) tree.DataWatches.Add(exists.Path, request.Watcher);
        if (node is null) return Reply.Error(ErrorCode.NoNode);
        tree.Namespaces.Read(exists.Path, 0);
        return Reply.Ok(new StatResponse(node.ToStat()));
    }

    private Reply GetData(PathWatchRequest get, Request request, IWatcher? watcher)
    {
        var node = NodeOrNoNode(get.Path);
        CheckAcl(node, Perms.Read, request, get.Path);
        if (get.Watch && watcher is not null) tree.DataWatches.Add(get.Path, watcher);
        tree.Namespaces.Read(get.Path, node.Data?.Length ?? 0);
        return Reply.Ok(new GetDataResponse(node.Data, node.ToStat()));
    }

    private Reply GetChildren(PathWatchRequest get, Request request, IWatcher? watcher, bool withStat)
    {
        var node = NodeOrNoNode(get.Path);
        CheckAcl(node, Perms.Read, request, get.Path);
        if (get.Watch && watcher is not null) tree.ChildWatches.Add(get.Path, watcher);
        var children = node.Children.ToList();
        long bytes = 0;
        foreach (var child in children) bytes += child.Length;
        tree.Namespaces.Read(get.Path, bytes);
        return Reply.Ok(withStat ? new GetChildren2Response(children, node.ToStat()) : new StringListResponse(children));
    }

    private Reply GetAcl(PathRecord get, Request request)
    {
        var node = NodeOrNoNode(get.Path);
        CheckAcl(node, Perms.Read | Perms.Admin, request, get.Path);
        var acl = tree.AclOf(node);
        if (!AclChecker.IsAllowed(acl, Perms.Admin, request.AuthIds))
        {
            // Without ADMIN the digest hashes are hidden, as ZooKeeper 3.8 hides them.
            acl = acl.Select(a => a.Id.Scheme == "digest"
                ? a with { Id = a.Id with { Identity = HideDigest(a.Id.Identity) } }
                : a).ToList();
        }
        return Reply.Ok(new GetAclResponse(acl, node.ToStat()));
    }

    private static string HideDigest(string id)
    {
        int colon = id.IndexOf(':');
        return colon < 0 ? id : id[..(colon + 1)] + "x";
    }

    private Reply GetAllChildrenNumber(PathRecord get, Request request)
    {
        var node = NodeOrNoNode(get.Path);
        CheckAcl(node, Perms.Read, request, get.Path);
        return Reply.Ok(new GetAllChildrenNumberResponse(tree.CountDescendants(get.Path)));
    }

    private Reply GetEphemerals(PathRecord get, Request request)
    {
        string prefix = get.Path.Trim();
        var all = tree.EphemeralsOf(request.SessionId);
        var matching = prefix.Length == 0 || prefix == "/" ? all.ToList() : all.Where(p => p.StartsWith(get.Path, StringComparison.Ordinal)).ToList();
        return Reply.Ok(new StringListResponse(matching));
    }

    private Reply MultiRead(MultiRequest multi, Request request)
    {
        var results = new List<MultiResult>(multi.Ops.Count);
        foreach (var op in multi.Ops)
        {
            var get = (PathWatchRequest)op.Body;
            var unwatched = get with { Watch = false };
            Reply reply;
            try
            {
                reply = op.Type == OpCode.GetData
                    ? GetData(unwatched, request, null)
                    : GetChildren(unwatched, request, null, withStat: false);
            }
            catch (KeeperException e)
            {
                reply = Reply.Error(e.Code);
            }
            results.Add(reply.Err == ErrorCode.Ok ? new MultiResult(op.Type, ErrorCode.Ok, reply.Body) : MultiResult.Error(reply.Err));
        }
        return Reply.Ok(new MultiResponse(results));
    }

    private Reply AddWatch(AddWatchRequest add, Request request)
    {
        if (request.Watcher is not null) tree.AddWatch(add.Path, request.Watcher, add.Mode);
        return Reply.Ok(new ErrorResponse(ErrorCode.Ok));
    }

    private Reply CheckWatches(WatchesRequest check, Request request, bool remove)
    {
        var watcher = request.Watcher;
        if (watcher is null) return Reply.Error(ErrorCode.NoWatcher);
        bool data = check.Type is WatcherType.Data or WatcherType.Any or WatcherType.Persistent or WatcherType.PersistentRecursive;
        bool children = check.Type is WatcherType.Children or WatcherType.Any or WatcherType.Persistent or WatcherType.PersistentRecursive;
        bool found = false;
        if (remove)
        {
            if (data) found |= tree.DataWatches.Remove(check.Path, watcher);
            if (children) found |= tree.ChildWatches.Remove(check.Path, watcher);
        }
        else
        {
            if (data) found |= tree.DataWatches.Contains(check.Path, watcher);
            if (children) found |= tree.ChildWatches.Contains(check.Path, watcher);
        }
        return found ? Reply.Ok() : Reply.Error(ErrorCode.NoWatcher);
    }

    private Reply SetWatches(SetWatches set, Request request)
    {
        if (request.Watcher is { } watcher)
            ReRegister(set.RelativeZxid, set.DataWatches, set.ExistWatches, set.ChildWatches, [], [], watcher);
        return Reply.Ok();
    }

    private Reply SetWatches2(SetWatches2 set, Request request)
    {
        if (request.Watcher is { } watcher)
            ReRegister(set.RelativeZxid, set.DataWatches, set.ExistWatches, set.ChildWatches,
                set.PersistentWatches, set.PersistentRecursiveWatches, watcher);
        return Reply.Ok();
    }

    /// <summary>
    /// A reconnecting client's watches: anything that changed after the zxid it last saw fires now
    /// (with no zxid), the rest are registered again.
    /// </summary>
    private void ReRegister(long relativeZxid, List<string> data, List<string> exist, List<string> child,
        List<string> persistent, List<string> recursive, IWatcher watcher)
    {
        foreach (var path in data)
        {
            var node = tree.GetNode(path);
            if (node is null) watcher.Process(EventType.NodeDeleted, path, -1);
            else if (node.Mzxid > relativeZxid) watcher.Process(EventType.NodeDataChanged, path, -1);
            else tree.DataWatches.Add(path, watcher);
        }
        foreach (var path in exist)
        {
            if (tree.GetNode(path) is not null) watcher.Process(EventType.NodeCreated, path, -1);
            else tree.DataWatches.Add(path, watcher);
        }
        foreach (var path in child)
        {
            var node = tree.GetNode(path);
            if (node is null) watcher.Process(EventType.NodeDeleted, path, -1);
            else if (node.Pzxid > relativeZxid) watcher.Process(EventType.NodeChildrenChanged, path, -1);
            else tree.ChildWatches.Add(path, watcher);
        }
        foreach (var path in persistent) tree.AddWatch(path, watcher, AddWatchMode.Persistent);
        foreach (var path in recursive) tree.AddWatch(path, watcher, AddWatchMode.PersistentRecursive);
    }

    private static Reply WhoAmI(Request request)
    {
        var infos = request.AuthIds.Select(id => new ClientInfo(id.Scheme, UserOf(id))).ToList();
        return Reply.Ok(new WhoAmIResponse(infos));
    }

    private static string UserOf(Id id) => id.Scheme switch
    {
        "digest" => id.Identity.Split(':')[0],
        "super" => "",
        _ => id.Identity,
    };
}
