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
        or OpCode.RemoveWatches or OpCode.WhoAmI or OpCode.CloseSession or OpCode.Reconfig or OpCode.Sasl;

    public static IJuteRecord? Decode(OpCode type, ref JuteReader reader)
    {
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
            OpCode.AddWatch => AddWatchRequest.Read(ref reader),
            OpCode.CheckWatches or OpCode.RemoveWatches => WatchesRequest.Read(ref reader),
            OpCode.Reconfig => ReconfigRequest.Read(ref reader),
            OpCode.Sasl => SaslRecord.Read(ref reader),
            _ => null, // ping, whoAmI, closeSession: no body
        };
        return body;
    }

    /// <summary>A multi holds only write ops and a multiRead only reads: mixing them is a marshalling error.</summary>
    private static MultiRequest ReadMulti(OpCode type, ref JuteReader reader)
    {
        var multi = MultiRequest.Read(ref reader);
        foreach (var op in multi.Ops)
        {
            bool isRead = op.Type is OpCode.GetData or OpCode.GetChildren;
            if (isRead != (type == OpCode.MultiRead))
                throw new JuteException($"op type {(int)op.Type} is not allowed in {(type == OpCode.Multi ? "multi" : "multiRead")}");
        }
        return multi;
    }
}
