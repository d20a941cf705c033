using Keeper.Client.Connection;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client;

public sealed partial class ZooKeeperClient
{
    /// <summary>getACL (6): the node's ACL list and Stat.</summary>
    public Task<(IReadOnlyList<Acl> Acl, Stat Stat)> GetAclAsync(string path) =>
        SendAsync(new Packet<(IReadOnlyList<Acl>, Stat)>(OpCode.GetAcl, new PathRecord(ServerPath(path)), path,
            static (ref JuteReader r) => ((IReadOnlyList<Acl>)(Acls.ReadList(ref r) ?? []), Stat.Read(ref r))));

    /// <summary>setACL (7). The version is compared with the node's aversion; -1 matches any.</summary>
    public Task<Stat> SetAclAsync(string path, IReadOnlyList<Acl> acl, int version = -1) =>
        SendAsync(new Packet<Stat>(OpCode.SetAcl, new SetAclRequest(ServerPath(path), acl, version), path,
            static (ref JuteReader r) => Stat.Read(ref r)));
}
