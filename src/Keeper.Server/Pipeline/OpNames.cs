using Keeper.Protocol;

namespace Keeper.Server.Pipeline;

/// <summary>The short op names cons prints as lop= (Request.op2String).</summary>
internal static class OpNames
{
    public static string Short(OpCode type) => type switch
    {
        OpCode.Ping => "PING",
        OpCode.CreateSession => "SESS",
        OpCode.Multi => "MULT",
        OpCode.MultiRead => "MLTR",
        OpCode.Create or OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl => "CREA",
        OpCode.Delete or OpCode.DeleteContainer => "DELE",
        OpCode.SetData => "SETD",
        OpCode.Reconfig => "RECO",
        OpCode.SetAcl => "SETA",
        OpCode.CloseSession => "CLOS",
        OpCode.Sync => "SYNC",
        OpCode.Check => "CHEC",
        OpCode.Exists => "EXIS",
        OpCode.GetData => "GETD",
        OpCode.SetWatches => "SETW",
        OpCode.SetWatches2 => "STW2",
        OpCode.AddWatch => "ADDW",
        OpCode.GetAcl => "GETA",
        OpCode.GetChildren or OpCode.GetChildren2 => "GETC",
        OpCode.GetAllChildrenNumber => "GETACN",
        OpCode.CheckWatches => "CHKW",
        OpCode.RemoveWatches => "REMW",
        OpCode.WhoAmI => "HOMI",
        OpCode.GetEphemerals => "GETE",
        _ => "NA",
    };
}
