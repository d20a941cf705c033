using Keeper.Core.Auth;
using Keeper.Core.Quotas;
using Keeper.Core.Sessions;
using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Core.Requests;

/// <summary>
/// Turns a write request into a txn, checking it against the tree plus pending changes in ZooKeeper's
/// order (PrepRequestProcessor), so the error a client gets is the one ZooKeeper would give. A failed
/// write still becomes a txn (an error txn) and takes a zxid, as in ZooKeeper.
/// </summary>
public sealed partial class RequestPreparer
{
    private readonly DataTree _tree;
    private readonly SessionTracker _sessions;
    private readonly PendingChanges _pending;
    private readonly AuthProviders _authProviders;
    private readonly QuotaEnforcer _quota;

    public RequestPreparer(DataTree tree, SessionTracker sessions, bool extendedTypesEnabled, AuthProviders? authProviders = null,
        bool enforceQuota = false)
    {
        _authProviders = authProviders ?? AuthProviders.Default;
        _tree = tree;
        _sessions = sessions;
        _pending = new PendingChanges(tree);
        _quota = new QuotaEnforcer(tree, enforceQuota);
        ExtendedTypesEnabled = extendedTypesEnabled;
    }

    public bool ExtendedTypesEnabled { get; }

    /// <summary>The ensemble's side of reconfig; null (or not enabled) answers ReconfigDisabled, as a default ZooKeeper does.</summary>
    public IReconfigPlanner? Reconfig { get; set; }

    /// <summary>The quota check (zookeeper.enforceQuota), with its log and its refusals per namespace.</summary>
    internal QuotaEnforcer Quota => _quota;

    /// <summary>Pending changes not yet applied (for mntr/outstanding counts and tests).</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Call after applying the txn with this zxid so its pending records go.</summary>
    public void Applied(long zxid) => _pending.Applied(zxid);

    /// <summary>Builds the txn for a write; <paramref name="zxid"/> is already assigned to it.</summary>
    public Txn Prepare(Request request, long zxid, long wallTimeMs)
    {
        var header = new TxnHeader(request.SessionId, request.Xid, zxid, wallTimeMs, request.Type);
        try
        {
            if (request.Type == OpCode.Multi) return PrepareMulti(request, header);
            var body = PrepareOne(request.Type, request.Body, request, header);
            // A check on its own changes nothing, and ZooKeeper 3.8 cannot read back a top-level check txn
            // from its own log: log it as an error txn with code 0, which every reader accepts.
            if (request.Type == OpCode.Check) return new Txn(header with { Type = OpCode.Error }, new ErrorTxn(ErrorCode.Ok));
            return new Txn(header, body);
        }
        catch (KeeperException e)
        {
            return new Txn(header with { Type = OpCode.Error }, new ErrorTxn(e.Code));
        }
        catch (UnreadableQuotaException)
        {
            return new Txn(header with { Type = OpCode.Error }, new ErrorTxn(ErrorCode.MarshallingError));
        }
    }

    private Txn PrepareMulti(Request request, TxnHeader header)
    {
        var ops = ((MultiRequest)request.Body!).Ops;
        var saved = _pending.Save(ops.Select(o => o.Path));
        var txns = new List<SubTxn>(ops.Count);
        bool failed = false;
        foreach (var op in ops)
        {
            if (failed)
            {
                txns.Add(new SubTxn(OpCode.Error, new ErrorTxn(ErrorCode.RuntimeInconsistency)));
                continue;
            }
            try
            {
                txns.Add(new SubTxn(op.Type, PrepareOne(op.Type, op.Body, request, header)));
            }
            catch (KeeperException e)
            {
                failed = true;
                txns.Add(new SubTxn(OpCode.Error, new ErrorTxn(e.Code)));
                _pending.Rollback(header.Zxid, saved);
            }
            catch (UnreadableQuotaException)
            {
                _pending.Rollback(header.Zxid, saved);
                throw;
            }
        }
        return new Txn(header, new MultiTxn(txns));
    }

    private IJuteRecord? PrepareOne(OpCode type, IJuteRecord? body, Request request, in TxnHeader header)
    {
        switch (type)
        {
            case OpCode.Create or OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl:
                return PrepareCreate(type, (CreateRequest)body!, request, header);
            case OpCode.Delete:
                return PrepareDelete((DeleteRequest)body!, request, header);
            case OpCode.DeleteContainer:
                return PrepareDeleteContainer((PathRecord)body!, header);
            case OpCode.SetData:
                return PrepareSetData((SetDataRequest)body!, request, header);
            case OpCode.SetAcl:
                return PrepareSetAcl((SetAclRequest)body!, request, header);
            case OpCode.Check:
                return PrepareCheck((CheckVersionRequest)body!, request);
            case OpCode.CreateSession:
                return body;
            case OpCode.CloseSession:
                return PrepareCloseSession(request.SessionId, header);
            case OpCode.Reconfig:
                return PrepareReconfig((ReconfigRequest)body!, request, header);
            default:
                throw new KeeperException(ErrorCode.Unimplemented);
        }
    }

    private ChangeRecord RecordOrNoNode(string path) => _pending.Get(path) ?? throw new KeeperException(ErrorCode.NoNode, path);

    private static void CheckAcl(ChangeRecord record, Perms perm, Request request)
    {
        if (!AclChecker.IsAllowed(record.Acl, perm, request.AuthIds)) throw new KeeperException(ErrorCode.NoAuth, record.Path);
    }

    /// <summary>Set with localSessionsEnabled: which sessions outside the replicated table may write.</summary>
    public LocalSessionRule? LocalSessions { get; set; }

    private void CheckSession(Request request)
    {
        if (request.Type != OpCode.CloseSession && !_sessions.IsLive(request.SessionId) && LocalSessions?.Accepts(request.SessionId) != true)
            throw new KeeperException(ErrorCode.SessionExpired);
    }

    /// <summary>An ephemeral's owner must be a global session (PrepRequestProcessor.validateCreateRequest).</summary>
    private void CheckGlobalSession(Request request)
    {
        if (request.EphemeralRefusal != ErrorCode.Ok) throw new KeeperException(request.EphemeralRefusal);
        if (!_sessions.IsLive(request.SessionId)) throw new KeeperException(ErrorCode.SessionExpired);
    }

    private static void ValidatePath(string path)
    {
        if (!PathValidation.IsValid(path)) throw new KeeperException(ErrorCode.BadArguments, path);
    }

    /// <summary>-1 matches any version; the new version is the current one plus one.</summary>
    private static int CheckAndIncrementVersion(int current, int expected, string path)
    {
        if (expected != -1 && expected != current) throw new KeeperException(ErrorCode.BadVersion, path);
        return current == int.MaxValue ? 0 : current + 1;
    }

    private List<Acl> FixupAcl(IReadOnlyList<Acl>? acl, Request request, string path) =>
        AclChecker.Fixup(acl, request.AuthIds, _authProviders) ?? throw new KeeperException(ErrorCode.InvalidAcl, path);
}
