using Keeper.Client.Connection;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client;

public sealed partial class ZooKeeperClient
{
    /// <summary>
    /// multi (14), all or nothing. Throws a KeeperException with the first non-zero per-op error, as Java
    /// does; use <see cref="MultiRawAsync"/> to see every op's result of a failed multi.
    /// </summary>
    public async Task<IReadOnlyList<MultiResult>> MultiAsync(IEnumerable<MultiOp> ops)
    {
        var results = await MultiRawAsync(ops).ConfigureAwait(false);
        foreach (var result in results)
            if (result.Type == OpCode.Error && result.Err != ErrorCode.Ok) throw new KeeperException(result.Err);
        return results;
    }

    /// <summary>
    /// multi (14) returning the per-op results as the server sent them: on failure the ops before the
    /// failing one show Ok, the failing one its error and the rest RuntimeInconsistency. Throws only when
    /// the reply header itself carries an error. Created paths come back with the chroot stripped.
    /// </summary>
    public Task<IReadOnlyList<MultiResult>> MultiRawAsync(IEnumerable<MultiOp> ops) => Multi(OpCode.Multi, ops);

    /// <summary>multiRead (22): getData/getChildren ops, each with its own result or error; never throws per op.</summary>
    public Task<IReadOnlyList<MultiResult>> MultiReadAsync(IEnumerable<MultiOp> ops) => Multi(OpCode.MultiRead, ops);

    private async Task<IReadOnlyList<MultiResult>> Multi(OpCode opCode, IEnumerable<MultiOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        var request = new MultiRequest([.. ops.Select(WithChroot)]);
        var response = await SendAsync(new Packet<MultiResponse>(opCode, request, null,
            static (ref JuteReader r) => MultiResponse.Read(ref r))).ConfigureAwait(false);
        if (Chroot is null) return response.Results;
        return [.. response.Results.Select(StripChroot)];
    }

    private MultiOp WithChroot(MultiOp op) => op.Body switch
    {
        CreateRequest c => op with { Body = c with { Path = ServerPath(c.Path) } },
        DeleteRequest d => op with { Body = d with { Path = ServerPath(d.Path) } },
        SetDataRequest s => op with { Body = s with { Path = ServerPath(s.Path) } },
        CheckVersionRequest c => op with { Body = c with { Path = ServerPath(c.Path) } },
        PathWatchRequest p => op with { Body = p with { Path = ServerPath(p.Path) } },
        _ => op,
    };

    private MultiResult StripChroot(MultiResult result) => result.Body switch
    {
        PathRecord p => result with { Body = new PathRecord(ClientPath(p.Path)) },
        Create2Response c => result with { Body = c with { Path = ClientPath(c.Path) } },
        _ => result,
    };
}
