using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tree;

/// <summary>What applying a txn produced: the reply needs the path, the new stat, or the sub-results of a multi.</summary>
public sealed record TxnResult(OpCode Type, long Zxid, ErrorCode Err, string? Path, Stat? Stat, IReadOnlyList<TxnResult>? MultiResults)
{
    /// <summary>A reconfig's new membership, which its reply carries (FinalRequestProcessor answers it as getData).</summary>
    public byte[]? Data { get; init; }

    public static TxnResult Ok(in TxnHeader header, string? path, Stat? stat = null) =>
        new(header.Type, header.Zxid, ErrorCode.Ok, path, stat, null);

    public static TxnResult Fail(in TxnHeader header, ErrorCode err, string? path) =>
        new(header.Type, header.Zxid, err, path, null, null);
}
