using Keeper.Protocol.Records;

namespace Keeper.Core.Requests;

/// <summary>
/// What a node will look like once the txns prepared but not yet applied are applied (ZooKeeper's
/// ChangeRecord). Exists is false for a node a pending txn deletes. DataLength is what the quota check of a
/// setData counts from.
/// </summary>
internal sealed record ChangeRecord(
    long Zxid, string Path, bool Exists, int Version, int Cversion, int Aversion, long EphemeralOwner,
    int ChildCount, IReadOnlyList<Acl> Acl, int DataLength = 0)
{
    public static ChangeRecord Deleted(long zxid, string path) => new(zxid, path, false, 0, 0, 0, 0, 0, []);
}
