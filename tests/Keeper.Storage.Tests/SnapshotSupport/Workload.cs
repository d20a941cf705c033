using Keeper.Core;
using Keeper.Core.Requests;
using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Storage.Log;

namespace Keeper.Storage.Tests.SnapshotSupport;

/// <summary>
/// Our state machine driven as a server drives it: each write is prepared (zxid assigned), appended to the
/// txn log when one is attached, then applied. Sessions are tracked as a snapshot would capture them.
/// </summary>
internal sealed class Workload : IDisposable
{
    public static readonly Id Ip = new("ip", "127.0.0.1");
    public static readonly IReadOnlyList<Acl> BobDigestAll = [new(Perms.All, new Id("digest", "bob:fyVmFCwVbTJYrznoSu1koqYEYF0="))];
    public static readonly IReadOnlyList<Acl> AliceRwWorldRead =
        [new(Perms.Read | Perms.Write, new Id("digest", "alice:Nn5Me5eLBjJpOnOjYRZQyG/zYjg=")), new(Perms.Read, Id.Anyone)];

    public long Now = 1_000_000;
    public long Wall = 1_700_000_000_000;
    private readonly TxnLogWriter? _log;

    /// <summary>With a data dir, every txn is logged there (no fsync: tests only need the bytes in the file).</summary>
    public Workload(Keeper.Storage.Layout.DataDirLayout? logTo = null)
    {
        _log = logTo is null ? null : new TxnLogWriter(logTo, new TxnLogWriterOptions(PreAllocSize: 0, ForceSync: false));
        Machine = new StateMachine(new StateMachineOptions(2000, 4000, 40000, 1, ExtendedTypesEnabled: true), Now);
    }

    public StateMachine Machine { get; }
    public DataTree Tree => Machine.Tree;
    public long LastZxid => Machine.LastProcessedZxid;

    public IEnumerable<(long SessionId, int Timeout)> Sessions => Machine.Sessions.Sessions.Select(s => (s.Id, s.Timeout));
    public Dictionary<long, int> SessionMap => Machine.Sessions.Sessions.ToDictionary(s => s.Id, s => s.Timeout);

    public long NewSession(int timeout = 30000)
    {
        var txn = Machine.PrepareCreateSession(timeout, Now, Tick());
        Commit(txn);
        return txn.Header.ClientId;
    }

    public void CloseSession(long sessionId) => Commit(Machine.PrepareCloseSession(sessionId, 1, Tick()));

    public string Create(long session, string path, byte[]? data, CreateMode mode = CreateMode.Persistent,
        IReadOnlyList<Acl>? acl = null, long ttl = -1)
    {
        var op = mode is CreateMode.PersistentWithTtl or CreateMode.PersistentSequentialWithTtl ? OpCode.CreateTtl
            : mode == CreateMode.Container ? OpCode.CreateContainer : OpCode.Create2;
        var reply = Write(session, op, new CreateRequest(path, data, acl ?? Acls.OpenAclUnsafe, (int)mode, ttl, op == OpCode.CreateTtl));
        return reply.Body is Create2Response created ? created.Path : Strict ? throw new InvalidOperationException($"no path in {reply.Body}") : "";
    }

    public void SetData(long session, string path, byte[]? data) => Write(session, OpCode.SetData, new SetDataRequest(path, data, -1));
    public void Delete(long session, string path) => Write(session, OpCode.Delete, new DeleteRequest(path, -1));
    public void SetAcl(long session, string path, IReadOnlyList<Acl> acl) => Write(session, OpCode.SetAcl, new SetAclRequest(path, acl, -1));

    /// <summary>When false, a write that fails (it still takes a zxid and logs an error txn) is not an assertion failure.</summary>
    public bool Strict { get; set; } = true;

    /// <summary>The session's identities: its IP and bob's digest (so bob's ACLs let it in; alice's do not).</summary>
    public static readonly IReadOnlyList<Id> AuthIds = [Ip, new Id("digest", "bob:fyVmFCwVbTJYrznoSu1koqYEYF0=")];

    public Reply Write(long session, OpCode type, IJuteRecord body)
    {
        var request = new Request(session, 1, type, body, AuthIds, null);
        var txn = Machine.PrepareWrite(request, Tick());
        var reply = WriteReplies.For(type, Commit(txn));
        if (Strict) Assert.True(reply.Err == ErrorCode.Ok, $"{type} {body} failed: {reply.Err}");
        return reply;
    }

    private TxnResult Commit(Txn txn)
    {
        if (_log is not null)
        {
            _log.Append(txn);
            _log.Flush();
        }
        return Machine.Apply(txn, Now);
    }

    private long Tick()
    {
        Now += 7;
        return Wall += 7;
    }

    /// <summary>Starts a new log file at the next txn, as a server does after taking a snapshot.</summary>
    public void RollLog() => _log?.Roll();

    public void Dispose() => _log?.Dispose();
}
