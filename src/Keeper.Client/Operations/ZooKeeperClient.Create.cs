using Keeper.Client.Connection;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client;

public sealed partial class ZooKeeperClient
{
    /// <summary>
    /// Creates a node and returns its actual path (with the sequence suffix), choosing the opcode as
    /// Java does: createTTL (21) for the TTL modes, createContainer (19) for Container, else create (1).
    /// Null data is sent as a null buffer, distinct from an empty one.
    /// </summary>
    public async Task<string> CreateAsync(string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode, long ttl = -1)
    {
        var opCode = mode.IsTtl() ? OpCode.CreateTtl : mode.IsContainer() ? OpCode.CreateContainer : OpCode.Create;
        var (created, _) = await CreateWithOpCodeAsync(opCode, path, data, acl, mode, ttl).ConfigureAwait(false);
        return created;
    }

    /// <summary>create2 (opcode 15): the created path and its Stat.</summary>
    public async Task<(string Path, Stat Stat)> Create2Async(string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode)
    {
        var (created, stat) = await CreateWithOpCodeAsync(OpCode.Create2, path, data, acl, mode).ConfigureAwait(false);
        return (created, stat!.Value);
    }

    /// <summary>createContainer (opcode 19, flags Container).</summary>
    public async Task<(string Path, Stat Stat)> CreateContainerAsync(string path, byte[]? data, IReadOnlyList<Acl> acl)
    {
        var (created, stat) = await CreateWithOpCodeAsync(OpCode.CreateContainer, path, data, acl, CreateMode.Container)
            .ConfigureAwait(false);
        return (created, stat!.Value);
    }

    /// <summary>createTTL (opcode 21); needs a server with extended types enabled.</summary>
    public async Task<(string Path, Stat Stat)> CreateTtlAsync(string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode, long ttl)
    {
        var (created, stat) = await CreateWithOpCodeAsync(OpCode.CreateTtl, path, data, acl, mode, ttl).ConfigureAwait(false);
        return (created, stat!.Value);
    }

    /// <summary>
    /// Sends exactly the create opcode given (1, 15, 19 or 21) with exactly these flags, for probing what a
    /// server does with unusual pairs (e.g. Container flags on opcode 1). The ttl is sent only with 21.
    /// The Stat is null for opcode 1, whose reply carries only the path.
    /// </summary>
    public async Task<(string Path, Stat? Stat)> CreateWithOpCodeAsync(
        OpCode opCode, string path, byte[]? data, IReadOnlyList<Acl>? acl, CreateMode mode, long ttl = -1)
    {
        var request = new CreateRequest(ServerPath(path), data, acl, (int)mode, ttl, HasTtl: opCode == OpCode.CreateTtl);
        (string Path, Stat? Stat) reply = opCode switch
        {
            OpCode.Create => await SendAsync(new Packet<(string, Stat?)>(opCode, request, path,
                static (ref JuteReader r) => (r.ReadPath(), (Stat?)null))).ConfigureAwait(false),
            OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl => await SendAsync(new Packet<(string, Stat?)>(opCode, request, path,
                static (ref JuteReader r) => { var c = Create2Response.Read(ref r); return (c.Path, c.Stat); })).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(opCode), opCode, "not a create opcode"),
        };
        return (ClientPath(reply.Path), reply.Stat);
    }
}
