using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Client;

/// <summary>Builders for the operations of MultiAsync / MultiReadAsync, choosing opcodes as Java's Op does.</summary>
public static class Ops
{
    /// <summary>createTTL for TTL modes, createContainer for Container, else create (whose result is the path only).</summary>
    public static MultiOp Create(string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode, long ttl = -1)
    {
        if (mode.IsTtl()) return new MultiOp(OpCode.CreateTtl, new CreateRequest(path, data, acl, (int)mode, ttl, HasTtl: true));
        var opCode = mode.IsContainer() ? OpCode.CreateContainer : OpCode.Create;
        return new MultiOp(opCode, new CreateRequest(path, data, acl, (int)mode));
    }

    /// <summary>create2 inside a multi. Apache 3.8.0 answers it with a plain create result (path only).</summary>
    public static MultiOp Create2(string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode) =>
        new(OpCode.Create2, new CreateRequest(path, data, acl, (int)mode));

    public static MultiOp Delete(string path, int version = -1) => new(OpCode.Delete, new DeleteRequest(path, version));

    public static MultiOp SetData(string path, byte[]? data, int version = -1) =>
        new(OpCode.SetData, new SetDataRequest(path, data, version));

    public static MultiOp Check(string path, int version) => new(OpCode.Check, new CheckVersionRequest(path, version));

    /// <summary>For multiRead only.</summary>
    public static MultiOp GetData(string path) => new(OpCode.GetData, new PathWatchRequest(path, false));

    /// <summary>For multiRead only.</summary>
    public static MultiOp GetChildren(string path) => new(OpCode.GetChildren, new PathWatchRequest(path, false));
}
