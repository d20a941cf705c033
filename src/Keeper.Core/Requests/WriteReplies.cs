using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Requests;

/// <summary>Builds the reply to a write from what applying its txn produced (FinalRequestProcessor).</summary>
public static class WriteReplies
{
    public static Reply For(OpCode requestType, TxnResult result)
    {
        if (requestType == OpCode.Multi && result.MultiResults is { } subs)
            return Reply.Ok(new MultiResponse(subs.Select(ToMultiResult).ToList()));
        if (result.Err != ErrorCode.Ok) return Reply.Error(result.Err);
        return requestType switch
        {
            OpCode.Create => Reply.Ok(new PathRecord(result.Path!)),
            OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl =>
                Reply.Ok(new Create2Response(result.Path!, result.Stat!.Value)),
            OpCode.SetData or OpCode.SetAcl => Reply.Ok(new StatResponse(result.Stat!.Value)),
            OpCode.Reconfig => Reply.Ok(new GetDataResponse(result.Data, result.Stat!.Value)),
            _ => Reply.Ok(),
        };
    }

    private static MultiResult ToMultiResult(TxnResult sub) => sub.Type switch
    {
        OpCode.Error => MultiResult.Error(sub.Err),
        _ when sub.Err != ErrorCode.Ok => MultiResult.Error(sub.Err),
        // Inside a multi, ZooKeeper 3.8 answers create2 with a plain create result (path only), but
        // createContainer and createTTL with a create2 result (path and stat) [checked on a live 3.8.0].
        OpCode.Create or OpCode.Create2 => new MultiResult(OpCode.Create, ErrorCode.Ok, new PathRecord(sub.Path!)),
        OpCode.CreateContainer or OpCode.CreateTtl =>
            new MultiResult(OpCode.Create2, ErrorCode.Ok, new Create2Response(sub.Path!, sub.Stat!.Value)),
        OpCode.Delete or OpCode.DeleteContainer => new MultiResult(OpCode.Delete, ErrorCode.Ok, null),
        OpCode.SetData => new MultiResult(OpCode.SetData, ErrorCode.Ok, new StatResponse(sub.Stat!.Value)),
        _ => new MultiResult(OpCode.Check, ErrorCode.Ok, null),
    };
}
