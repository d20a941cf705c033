using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Core.Requests;

/// <summary>The per-operation checks, each in the order PrepRequestProcessor makes them.</summary>
public sealed partial class RequestPreparer
{
    private IJuteRecord PrepareCreate(OpCode type, CreateRequest create, Request request, in TxnHeader header)
    {
        if (!CreateModes.IsValid(create.Flags)) throw new KeeperException(ErrorCode.BadArguments, create.Path);
        var mode = (CreateMode)create.Flags;
        long ttl = type == OpCode.CreateTtl ? create.Ttl : -1;
        if (mode.IsTtl() && !ExtendedTypesEnabled) throw new KeeperException(ErrorCode.Unimplemented, create.Path);
        bool ttlValid = mode.IsTtl() ? ttl > 0 && ttl <= EphemeralOwner.MaxTtl : ttl < 0;
        if (!ttlValid) throw new KeeperException(ErrorCode.BadArguments, create.Path);
        if (mode.IsEphemeral()) CheckGlobalSession(request);
        else CheckSession(request);

        string path = create.Path;
        int lastSlash = path.LastIndexOf('/');
        if (lastSlash < 0 || path.Contains('\0')) throw new KeeperException(ErrorCode.BadArguments, path);
        string parentPath = lastSlash == 0 ? "/" : path[..lastSlash];
        var acl = FixupAcl(create.Acl, request, path);
        var parent = RecordOrNoNode(parentPath);
        CheckAcl(parent, Perms.Create, request);

        if (mode.IsSequential()) path += SequenceSuffix(parent.Cversion);
        ValidatePath(path);
        if (_pending.Get(path) is not null) throw new KeeperException(ErrorCode.NodeExists, path);
        if (EphemeralOwner.IsSession(parent.EphemeralOwner)) throw new KeeperException(ErrorCode.NoChildrenForEphemerals, path);
        _quota.CheckCreate(path, create.Data?.Length ?? 0, header.Time);

        int newCversion = parent.Cversion + 1;
        long owner = type switch
        {
            OpCode.CreateContainer => EphemeralOwner.Container,
            OpCode.CreateTtl => EphemeralOwner.ForTtl(ttl),
            _ => mode.IsEphemeral() ? request.SessionId : 0,
        };
        _pending.Add(parent with { Zxid = header.Zxid, Cversion = newCversion, ChildCount = parent.ChildCount + 1 });
        _pending.Add(new ChangeRecord(header.Zxid, path, true, 0, 0, 0, owner, 0, acl, create.Data?.Length ?? 0));

        return type switch
        {
            OpCode.CreateContainer => new CreateContainerTxn(path, create.Data, acl, newCversion),
            OpCode.CreateTtl => new CreateTtlTxn(path, create.Data, acl, newCversion, ttl),
            _ => new CreateTxn(path, create.Data, acl, mode.IsEphemeral(), newCversion),
        };
    }

    /// <summary>Java's String.format("%010d", n): ten characters, the sign counted in the width.</summary>
    public static string SequenceSuffix(int n) => n < 0 ? "-" + (-(long)n).ToString("D9") : n.ToString("D10");

    private IJuteRecord PrepareDelete(DeleteRequest delete, Request request, in TxnHeader header)
    {
        CheckSession(request);
        string path = delete.Path;
        int lastSlash = path.LastIndexOf('/');
        if (lastSlash < 0 || path.Contains('\0') || PathValidation.IsSystemPath(path))
            throw new KeeperException(ErrorCode.BadArguments, path);
        string parentPath = lastSlash == 0 ? "/" : path[..lastSlash];
        var parent = RecordOrNoNode(parentPath);
        CheckAcl(parent, Perms.Delete, request);
        var node = RecordOrNoNode(path);
        CheckAndIncrementVersion(node.Version, delete.Version, path);
        if (node.ChildCount > 0) throw new KeeperException(ErrorCode.NotEmpty, path);

        _pending.Add(parent with { Zxid = header.Zxid, ChildCount = parent.ChildCount - 1 });
        _pending.Add(ChangeRecord.Deleted(header.Zxid, path));
        return new DeleteTxn(path);
    }

    /// <summary>
    /// The container/TTL reaper's internal delete: no session, no ACL, no version. ZooKeeper accepts the
    /// op code from a client too, but reads the whole packet, request header included, as the path, so a
    /// client's always fails path validation: BadArguments (as an error txn, taking a zxid).
    /// </summary>
    private IJuteRecord PrepareDeleteContainer(PathRecord delete, in TxnHeader header)
    {
        string path = delete.Path;
        if (header.ClientId != 0 || path.LastIndexOf('/') < 0 || path.Contains('\0') || PathValidation.IsSystemPath(path))
            throw new KeeperException(ErrorCode.BadArguments, path);
        var node = RecordOrNoNode(path);
        if (node.ChildCount > 0) throw new KeeperException(ErrorCode.NotEmpty, path);
        if (EphemeralOwner.IsSession(node.EphemeralOwner)) throw new KeeperException(ErrorCode.BadVersion, path);
        var parent = RecordOrNoNode(PathValidation.ParentOf(path));
        _pending.Add(parent with { Zxid = header.Zxid, ChildCount = parent.ChildCount - 1 });
        _pending.Add(ChangeRecord.Deleted(header.Zxid, path));
        return new DeleteTxn(path);
    }

    private IJuteRecord PrepareSetData(SetDataRequest set, Request request, in TxnHeader header)
    {
        CheckSession(request);
        ValidatePath(set.Path);
        var node = RecordOrNoNode(set.Path);
        CheckAcl(node, Perms.Write, request);
        _quota.CheckSetData(set.Path, node.DataLength, set.Data?.Length ?? 0, header.Time);
        int newVersion = CheckAndIncrementVersion(node.Version, set.Version, set.Path);
        _pending.Add(node with { Zxid = header.Zxid, Version = newVersion, DataLength = set.Data?.Length ?? 0 });
        return new SetDataTxn(set.Path, set.Data, newVersion);
    }

    private IJuteRecord PrepareSetAcl(SetAclRequest set, Request request, in TxnHeader header)
    {
        CheckSession(request);
        ValidatePath(set.Path);
        var acl = FixupAcl(set.Acl, request, set.Path);
        var node = RecordOrNoNode(set.Path);
        CheckAcl(node, Perms.Admin, request);
        int newVersion = CheckAndIncrementVersion(node.Aversion, set.Version, set.Path);
        _pending.Add(node with { Zxid = header.Zxid, Aversion = newVersion, Acl = acl });
        return new SetAclTxn(set.Path, acl, newVersion);
    }

    private IJuteRecord PrepareCheck(CheckVersionRequest check, Request request)
    {
        CheckSession(request);
        ValidatePath(check.Path);
        var node = RecordOrNoNode(check.Path);
        CheckAcl(node, Perms.Read, request);
        return new CheckVersionTxn(check.Path, CheckAndIncrementVersion(node.Version, check.Version, check.Path));
    }

    private IJuteRecord PrepareCloseSession(long sessionId, in TxnHeader header)
    {
        var ephemerals = _pending.EphemeralsOf(sessionId);
        foreach (var path in ephemerals) _pending.Add(ChangeRecord.Deleted(header.Zxid, path));
        _sessions.SetClosing(sessionId);
        return new CloseSessionTxn(ephemerals.ToList());
    }
}
