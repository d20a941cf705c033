using Keeper.Protocol;

namespace Keeper.Server.Pipeline;

/// <summary>The ops a read-only server answers NotReadOnly, as ZooKeeper's ReadOnlyRequestProcessor lists them.</summary>
internal static class ReadOnlyRules
{
    public static bool IsRefused(OpCode type) => type is OpCode.Sync or OpCode.Create or OpCode.Create2 or OpCode.CreateTtl
        or OpCode.CreateContainer or OpCode.Delete or OpCode.DeleteContainer or OpCode.SetData or OpCode.Reconfig
        or OpCode.SetAcl or OpCode.Multi or OpCode.Check;

    /// <summary>How long a member stays out of quorum before it serves read-only clients: QuorumPeer's max(2 s, tickTime).</summary>
    public static long Delay(int tickTime) => Math.Max(2000, tickTime);
}
