using Keeper.Core.Watches;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Core.Requests;

/// <summary>
/// A parsed client request as the state machine sees it: who sent it (session, auth ids, the connection
/// as watcher), its xid and type, and its request record.
/// </summary>
public sealed record Request(
    long SessionId, int Xid, OpCode Type, IJuteRecord? Body, IReadOnlyList<Id> AuthIds, IWatcher? Watcher)
{
    /// <summary>Whether the request changes state and so becomes a txn with a zxid.</summary>
    public bool IsWrite => IsWriteType(Type);

    /// <summary>
    /// The error an ephemeral create of this request fails with instead of running (Apache's request exception set by
    /// checkUpgradeSession: EphemeralOnLocalSession when a local session may not be upgraded); Ok for none.
    /// </summary>
    public ErrorCode EphemeralRefusal { get; init; }

    public static bool IsWriteType(OpCode type) => type is OpCode.Create or OpCode.Create2 or OpCode.CreateContainer
        or OpCode.CreateTtl or OpCode.Delete or OpCode.DeleteContainer or OpCode.SetData or OpCode.SetAcl
        or OpCode.Check or OpCode.Multi or OpCode.CreateSession or OpCode.CloseSession or OpCode.Reconfig;
}

/// <summary>A txn ready to log and apply.</summary>
public readonly record struct Txn(TxnHeader Header, IJuteRecord? Body);
