using Keeper.Protocol.Jute;

namespace Keeper.Protocol.Records;

public readonly record struct MultiHeader(int Type, bool Done, int Err) : IJuteRecord<MultiHeader>
{
    public static readonly MultiHeader Terminator = new(-1, true, -1);
    public static MultiHeader Read(ref JuteReader r) => new(r.ReadInt(), r.ReadBool(), r.ReadInt());
    public void Write(JuteWriter w) { w.WriteInt(Type); w.WriteBool(Done); w.WriteInt(Err); }
}

/// <summary>
/// One operation of a multi (opcode 14) or multiRead (opcode 22). Body is the op's own request record:
/// CreateRequest, DeleteRequest, SetDataRequest, CheckVersionRequest or (multiRead) PathWatchRequest.
/// </summary>
public sealed record MultiOp(OpCode Type, IJuteRecord Body)
{
    public string Path => Body switch
    {
        CreateRequest c => c.Path,
        DeleteRequest d => d.Path,
        SetDataRequest s => s.Path,
        CheckVersionRequest c => c.Path,
        PathWatchRequest p => p.Path,
        _ => "",
    };
}

/// <summary>The body of multi and multiRead requests: MultiHeader + record pairs, then a done header.</summary>
public sealed record MultiRequest(IReadOnlyList<MultiOp> Ops) : IJuteRecord<MultiRequest>
{
    public static MultiRequest Read(ref JuteReader r)
    {
        var ops = new List<MultiOp>();
        while (true)
        {
            var header = MultiHeader.Read(ref r);
            if (header.Done) break;
            var type = (OpCode)header.Type;
            IJuteRecord body = type switch
            {
                OpCode.Create or OpCode.Create2 or OpCode.CreateContainer => CreateRequest.Read(ref r),
                OpCode.CreateTtl => CreateRequest.ReadTtl(ref r),
                OpCode.Delete => DeleteRequest.Read(ref r),
                OpCode.SetData => SetDataRequest.Read(ref r),
                OpCode.Check => CheckVersionRequest.Read(ref r),
                OpCode.GetChildren or OpCode.GetData => PathWatchRequest.Read(ref r),
                _ => throw new JuteException($"invalid op type {header.Type} in multi"),
            };
            ops.Add(new MultiOp(type, body));
        }
        return new MultiRequest(ops);
    }

    public void Write(JuteWriter w)
    {
        foreach (var op in Ops)
        {
            new MultiHeader((int)op.Type, false, -1).Write(w);
            op.Body.Write(w);
        }
        MultiHeader.Terminator.Write(w);
    }
}

/// <summary>
/// One result of a multi. Type is the op's result type (create, create2, delete, setData, check,
/// getData, getChildren) or -1 (Error) with Err set; Body is the matching response record or null.
/// </summary>
public sealed record MultiResult(OpCode Type, ErrorCode Err, IJuteRecord? Body)
{
    public static MultiResult Error(ErrorCode err) => new(OpCode.Error, err, null);
}

public sealed record MultiResponse(IReadOnlyList<MultiResult> Results) : IJuteRecord<MultiResponse>
{
    public static MultiResponse Read(ref JuteReader r)
    {
        var results = new List<MultiResult>();
        while (true)
        {
            var header = MultiHeader.Read(ref r);
            if (header.Done) break;
            var type = (OpCode)header.Type;
            MultiResult result = type switch
            {
                OpCode.Create => new(type, ErrorCode.Ok, PathRecord.Read(ref r)),
                OpCode.Create2 => new(type, ErrorCode.Ok, Create2Response.Read(ref r)),
                OpCode.Delete or OpCode.Check => new(type, ErrorCode.Ok, null),
                OpCode.SetData => new(type, ErrorCode.Ok, StatResponse.Read(ref r)),
                OpCode.GetData => new(type, ErrorCode.Ok, GetDataResponse.Read(ref r)),
                OpCode.GetChildren => new(type, ErrorCode.Ok, StringListResponse.Read(ref r)),
                OpCode.Error => MultiResult.Error(ErrorResponse.Read(ref r).Err),
                _ => throw new JuteException($"invalid result type {header.Type} in multi response"),
            };
            results.Add(result);
        }
        return new MultiResponse(results);
    }

    public void Write(JuteWriter w)
    {
        foreach (var result in Results)
        {
            bool isError = result.Type == OpCode.Error;
            new MultiHeader((int)result.Type, false, isError ? (int)result.Err : 0).Write(w);
            if (isError) new ErrorResponse(result.Err).Write(w);
            else result.Body?.Write(w);
        }
        MultiHeader.Terminator.Write(w);
    }
}
