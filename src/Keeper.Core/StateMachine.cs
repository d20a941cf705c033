using Keeper.Core.Quotas;
using Keeper.Core.Requests;
using Keeper.Core.Sessions;
using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core;

/// <summary>
/// The deterministic ZooKeeper state machine: the tree, the sessions, the zxid counter. Writes are split
/// in two steps so a log (or a quorum) can sit between them: <see cref="PrepareWrite"/> validates and
/// assigns the zxid; <see cref="Apply"/> changes state, in zxid order. Reads see applied state only.
/// Single-threaded by contract; time is always passed in.
/// </summary>
public sealed class StateMachine
{
    private readonly RequestPreparer _preparer;
    private readonly ReadProcessor _reads;
    private long _lastAssignedZxid;

    public StateMachine(StateMachineOptions options, long nowMs) : this(options, nowMs, new DataTree(), [], 0) { }

    /// <summary>
    /// Resumes from recovered state: the tree, the sessions that were alive (each gets a full timeout
    /// from now to reconnect, as ZooKeeper gives them) and the last zxid applied.
    /// </summary>
    public StateMachine(StateMachineOptions options, long nowMs, DataTree tree, IEnumerable<KeyValuePair<long, int>> sessions, long lastZxid)
    {
        Options = options;
        Tree = tree;
        Sessions = new SessionTracker(options.TickTime, options.ServerId, nowMs);
        foreach (var (id, timeout) in sessions) Sessions.Add(id, timeout, nowMs);
        _preparer = new RequestPreparer(Tree, Sessions, options.ExtendedTypesEnabled, options.AuthProviders, options.EnforceQuota)
        {
            Reconfig = options.Reconfig,
        };
        _reads = new ReadProcessor(Tree);
        ResetZxid(lastZxid);
    }

    public StateMachineOptions Options { get; }

    /// <summary>Where quota warnings (limits exceeded) and errors (missing or unparsable quota nodes) are logged.</summary>
    public IQuotaLog? QuotaLog
    {
        get => _preparer.Quota.Log;
        set
        {
            _preparer.Quota.Log = value;
            Tree.QuotaError = value is null ? null : value.Error;
        }
    }

    /// <summary>Writes refused for a hard quota, per top-level namespace (mntr's quota_exceeded_error_per_namespace).</summary>
    public IReadOnlyDictionary<string, long> QuotaExceededByNamespace => _preparer.Quota.ExceededByNamespace;
    public DataTree Tree { get; }
    public SessionTracker Sessions { get; }

    /// <summary>With localSessionsEnabled: the sessions outside <see cref="Sessions"/> whose writes are accepted.</summary>
    public LocalSessionRule? LocalSessions
    {
        get => _preparer.LocalSessions;
        set => _preparer.LocalSessions = value;
    }

    /// <summary>The zxid of the last applied txn: what replies carry and clients compare against.</summary>
    public long LastProcessedZxid => Tree.LastProcessedZxid;

    /// <summary>Txns prepared but not yet applied.</summary>
    public int PendingChangeCount => _preparer.PendingCount;

    /// <summary>Continue numbering after state loaded from disk or a leader.</summary>
    public void ResetZxid(long zxid)
    {
        _lastAssignedZxid = zxid;
        Tree.LastProcessedZxid = zxid;
    }

    public long LastAssignedZxid => _lastAssignedZxid;

    /// <summary>Negotiates a session timeout within the configured bounds.</summary>
    public int NegotiateTimeout(int requested) =>
        Math.Clamp(requested, Options.MinSessionTimeout, Math.Max(Options.MinSessionTimeout, Options.MaxSessionTimeout));

    /// <summary>Starts a new session; its createSession txn still has to be applied.</summary>
    public Txn PrepareCreateSession(int timeout, long nowMs, long wallTimeMs)
    {
        long sessionId = Sessions.NextSessionId();
        Sessions.Add(sessionId, timeout, nowMs);
        var request = new Request(sessionId, 0, OpCode.CreateSession, new CreateSessionTxn(timeout), [], null);
        return PrepareWrite(request, wallTimeMs);
    }

    /// <summary>
    /// A leader's createSession for a session a follower opened: the follower chose the id (from its own id
    /// space), the leader tracks it from now on and logs the txn.
    /// </summary>
    public Txn PrepareCreateSession(long sessionId, int timeout, long nowMs, long wallTimeMs)
    {
        Sessions.Add(sessionId, timeout, nowMs);
        var request = new Request(sessionId, 0, OpCode.CreateSession, new CreateSessionTxn(timeout), [], null);
        return PrepareWrite(request, wallTimeMs);
    }

    /// <summary>
    /// A new epoch begins with this server as leader: its txns number from epoch &lt;&lt; 32 | 1, and every
    /// session it inherits gets a full timeout from now.
    /// </summary>
    public void StartEpoch(long epoch, long nowMs)
    {
        _lastAssignedZxid = epoch << 32;
        Sessions.RenewAll(nowMs);
    }

    /// <summary>A closeSession txn for a client's close or for an expired session.</summary>
    public Txn PrepareCloseSession(long sessionId, int xid, long wallTimeMs) =>
        PrepareWrite(new Request(sessionId, xid, OpCode.CloseSession, null, [], null), wallTimeMs);

    /// <summary>A write that failed before it could be checked (its body did not parse): an error txn, which still takes a zxid.</summary>
    public Txn PrepareFailedWrite(Request request, ErrorCode error, long wallTimeMs)
    {
        long zxid = ++_lastAssignedZxid;
        return new Txn(new TxnHeader(request.SessionId, request.Xid, zxid, wallTimeMs, OpCode.Error), new ErrorTxn(error));
    }

    public Txn PrepareWrite(Request request, long wallTimeMs)
    {
        long zxid = ++_lastAssignedZxid;
        return _preparer.Prepare(request, zxid, wallTimeMs);
    }

    /// <summary>Applies a txn (watch events fire during this call) and keeps the session table in step.</summary>
    public TxnResult Apply(in Txn txn, long nowMs)
    {
        var header = txn.Header;
        var result = Tree.Apply(header, txn.Body);
        if (header.Type == OpCode.CreateSession && txn.Body is CreateSessionTxn create)
            Sessions.Add(header.ClientId, create.TimeOut, nowMs);
        else if (header.Type == OpCode.CloseSession)
            Sessions.Remove(header.ClientId);
        _preparer.Applied(header.Zxid);
        if (header.Zxid > _lastAssignedZxid) _lastAssignedZxid = header.Zxid;
        return result;
    }

    public Reply Read(Request request) => _reads.Process(request);
}

public sealed record StateMachineOptions(
    int TickTime = 3000,
    int MinSessionTimeout = 6000,
    int MaxSessionTimeout = 60000,
    long ServerId = 1,
    bool ExtendedTypesEnabled = false,
    Auth.AuthProviders? AuthProviders = null,
    bool EnforceQuota = false)
{
    /// <summary>The ensemble's side of the reconfig op; null answers ReconfigDisabled.</summary>
    public Requests.IReconfigPlanner? Reconfig { get; init; }
}
