using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Requests;

public sealed partial class RequestPreparer
{
    /// <summary>
    /// reconfig in PrepRequestProcessor's order: disabled, the session, the ensemble's checks (<see cref="IReconfigPlanner.Plan"/>),
    /// and only then WRITE permission on /zookeeper/config (super passes). The txn is a SetDataTxn of the new membership
    /// with data version -1.
    /// </summary>
    private SetDataTxn PrepareReconfig(ReconfigRequest reconfig, Request request, in TxnHeader header)
    {
        if (Reconfig is not { Enabled: true } planner) throw new KeeperException(ErrorCode.ReconfigDisabled);
        CheckSession(request);
        var config = planner.Plan(reconfig, header.Zxid);
        var node = RecordOrNoNode(DataTree.ConfigPath);
        // The request names no path, so neither does its error (zkCli prints "Insufficient permission : ").
        if (!Auth.AclChecker.IsAllowed(node.Acl, Perms.Write, request.AuthIds)) throw new KeeperException(ErrorCode.NoAuth);
        if (!planner.CanPropose) throw new KeeperException(ErrorCode.Unimplemented);
        _pending.Add(node with { Zxid = header.Zxid, Version = -1, DataLength = config.Length });
        return new SetDataTxn(DataTree.ConfigPath, config, -1);
    }
}
