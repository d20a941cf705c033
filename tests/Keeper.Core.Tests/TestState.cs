using Keeper.Core;
using Keeper.Core.Requests;
using Keeper.Core.Watches;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tests;

/// <summary>A state machine with a clock under test control and helpers to send requests as a session would.</summary>
internal sealed class TestState
{
    public long Now = 1_000_000;
    public long Wall = 1_700_000_000_000;
    public StateMachine Machine { get; }

    public TestState(bool extendedTypes = true, int tickTime = 2000, Keeper.Core.Auth.AuthProviders? authProviders = null,
        bool enforceQuota = false, IReconfigPlanner? reconfig = null)
    {
        Machine = new StateMachine(new StateMachineOptions(tickTime, 2 * tickTime, 20 * tickTime, 1, extendedTypes, authProviders, enforceQuota)
            { Reconfig = reconfig }, Now);
    }

    public long NewSession(int timeout = 30000)
    {
        var txn = Machine.PrepareCreateSession(timeout, Now, Wall);
        Machine.Apply(txn, Now);
        return txn.Header.ClientId;
    }

    public void CloseSession(long sessionId)
    {
        var txn = Machine.PrepareCloseSession(sessionId, 1, Wall);
        Machine.Apply(txn, Now);
    }

    public Reply Send(long session, OpCode type, IJuteRecord? body, IWatcher? watcher = null, params Id[] auth)
    {
        var ids = new List<Id> { new("ip", "127.0.0.1") };
        ids.AddRange(auth);
        var request = new Request(session, 1, type, body, ids, watcher);
        if (!request.IsWrite) return Machine.Read(request);
        var txn = Machine.PrepareWrite(request, Wall);
        return WriteReplies.For(type, Machine.Apply(txn, Now));
    }

    public Reply Create(long session, string path, byte[]? data = null, CreateMode mode = CreateMode.Persistent,
        IReadOnlyList<Acl>? acl = null, OpCode op = OpCode.Create2, long ttl = -1, params Id[] auth) =>
        Send(session, op, new CreateRequest(path, data, acl ?? Acls.OpenAclUnsafe, (int)mode, ttl, op == OpCode.CreateTtl), null, auth);

    public Stat StatOf(long session, string path)
    {
        var reply = Send(session, OpCode.Exists, new PathWatchRequest(path, false));
        Assert.Equal(ErrorCode.Ok, reply.Err);
        return ((StatResponse)reply.Body!).Stat;
    }
}

/// <summary>Records the events a watcher receives, in order.</summary>
internal sealed class RecordingWatcher(params Id[] authIds) : IWatcher
{
    public IReadOnlyList<Id> AuthIds { get; } = authIds;
    public List<(EventType Type, string Path)> Events { get; } = [];
    public void Process(EventType type, string path, long zxid) => Events.Add((type, path));
}
