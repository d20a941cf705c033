using Keeper.Client.Connection;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client;

public sealed partial class ZooKeeperClient
{
    /// <summary>
    /// reconfig (16), ZooKeeperAdmin.reconfigure: either <paramref name="joining"/> (comma-separated
    /// <c>server.N=host:port:port[:role];[clientHost:]clientPort</c>) and/or <paramref name="leaving"/> (comma-separated
    /// ids), or <paramref name="members"/> (the whole new membership). <paramref name="fromConfig"/> is the version the
    /// change is based on, -1 for any. Answers the committed membership text and the Stat of /zookeeper/config.
    /// </summary>
    public Task<(byte[]? Config, Stat Stat)> ReconfigAsync(string? joining, string? leaving, string? members, long fromConfig = -1) =>
        SendAsync(new Packet<(byte[]?, Stat)>(OpCode.Reconfig, new ReconfigRequest(joining, leaving, members, fromConfig), null,
            static (ref JuteReader r) => (r.ReadBuffer(), Stat.Read(ref r))));
}
