using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Server.Network;

/// <summary>Reads the record that follows a RequestHeader, by op code. Unknown op codes give null.</summary>
internal static class RequestDecoder
{
    public static bool IsKnown(OpCode type) => type is OpCode.Create or OpCode.Create2 or OpCode.CreateContainer
        or OpCode.CreateTtl or OpCode.Delete or OpCode.Exists or OpCode.GetData or OpCode.SetData or OpCode.GetAcl
        or OpCode.SetAcl or OpCode.GetChildren or OpCode.GetChildren2 or OpCode.Sync or OpCode.Ping or OpCode.Check
        or OpCode.Multi or OpCode.MultiRead or OpCode.Auth or OpCode.SetWatches or OpCode.SetWatches2
        or OpCode.GetEphemerals or OpCode.GetAllChildrenNumber or OpCode.AddWatch or OpCode.CheckWatches
        or OpCode.RemoveWatches or OpCode.WhoAmI or OpCode.CloseSession or OpCode.Reconfig or OpCode.Sasl
        or OpCode.DeleteContainer;

    /// <summary>
    /// The request record; a JuteException when the body does not parse or holds a value 3.8 refuses to
    /// decode (an unknown addWatch mode or watcher type), which ZooKeeper answers with MarshallingError.
    /// </summary>
    public static IJuteRecord? Decode(OpCode type, ref JuteReader reader, ReadOnlySpan<byte> rawBody)
    {
        if (type == OpCode.DeleteContainer)
        {
            // ZooKeeper reads an internal deleteContainer's body as the raw UTF-8 path, whoever sends it.
            return new PathRecord(System.Text.Encoding.UTF8.GetString(rawBody));
        }
        IJuteRecord? body = type switch
        {
            OpCode.Create or OpCode.Create2 or OpCode.CreateContainer => CreateRequest.Read(ref reader),
            OpCode.CreateTtl => CreateRequest.ReadTtl(ref reader),
            OpCode.Delete => DeleteRequest.Read(ref reader),
            OpCode.Exists or OpCode.GetData or OpCode.GetChildren or OpCode.GetChildren2 => PathWatchRequest.Read(ref reader),
            OpCode.SetData => SetDataRequest.Read(ref reader),
            OpCode.GetAcl or OpCode.Sync or OpCode.GetEphemerals or OpCode.GetAllChildrenNumber => PathRecord.Read(ref reader),
            OpCode.SetAcl => SetAclRequest.Read(ref reader),
            OpCode.Check => CheckVersionRequest.Read(ref reader),
            OpCode.Multi or OpCode.MultiRead => ReadMulti(type, ref reader),
            OpCode.Auth => AuthPacket.Read(ref reader),
            OpCode.SetWatches => SetWatches.Read(ref reader),
            OpCode.SetWatches2 => SetWatches2.Read(ref reader),
            OpCode.AddWatch => Valid(AddWatchRequest.Read(ref reader)),
            OpCode.CheckWatches or OpCode.RemoveWatches => Valid(WatchesRequest.Read(ref reader)),
            OpCode.Reconfig => ReconfigRequest.Read(ref reader),
            OpCode.Sasl => SaslRecord.Read(ref reader),
            _ => null, // ping, whoAmI, closeSession: no body
        };
        return body;
    }

    private static AddWatchRequest Valid(AddWatchRequest add) =>
        add.Mode is AddWatchMode.Persistent or AddWatchMode.PersistentRecursive ? add
            : throw new JuteException($"unknown addWatch mode {(int)add.Mode}");

    /// <summary>3.8 knows watcher types 1-3 only (3.9 adds 4 and 5).</summary>
    private static WatchesRequest Valid(WatchesRequest request) =>
        request.Type is WatcherType.Children or WatcherType.Data or WatcherType.Any ? request
            : throw new JuteException($"unknown watcher type {(int)request.Type}");

    /// <summary>
    /// A multi holds only write ops and a multiRead only reads: mixing them is a marshalling error. Create
    /// ops are re-typed from their flags as ZooKeeper's Op.create does when it reads a multi: container
    /// flags make a createContainer, TTL flags a createTTL (only under opcode 21; under 1, 15 or 19 they
    /// fail the whole multi), anything else a plain create, which is why create2 in a multi answers as create.
    /// </summary>
    private static MultiRequest ReadMulti(OpCode type, ref JuteReader reader)
    {
        var multi = MultiRequest.Read(ref reader);
        var ops = new List<MultiOp>(multi.Ops.Count);
        foreach (var op in multi.Ops)
        {
            bool isRead = op.Type is OpCode.GetData or OpCode.GetChildren;
            if (isRead != (type == OpCode.MultiRead))
                throw new JuteException($"op type {(int)op.Type} is not allowed in {(type == OpCode.Multi ? "multi" : "multiRead")}");
            ops.Add(op.Body is CreateRequest create ? new MultiOp(CreateOpType(op.Type, create), create) : op);
        }
        return new MultiRequest(ops);
    }

    private static OpCode CreateOpType(OpCode type, CreateRequest create)
    {
        var mode = CreateModes.IsValid(create.Flags) ? (CreateMode)create.Flags : CreateMode.Persistent;
        if (mode.IsTtl())
            return type == OpCode.CreateTtl ? OpCode.CreateTtl : throw new JuteException($"create mode {mode} needs a createTTL op in a multi");
        return mode.IsContainer() ? OpCode.CreateContainer : OpCode.Create;
    }
}
