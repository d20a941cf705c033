using Keeper.Protocol.Records;

namespace Keeper.Core.Tree;

/// <summary>
/// One znode. Cversion is stored as ZooKeeper stores it: the number of child creates ever; clients are
/// shown 2*stored - numChildren (see <see cref="ToStat"/>).
/// </summary>
public sealed class DataNode
{
    private static readonly HashSet<string> NoChildren = [];

    public byte[]? Data;
    public long AclRef;
    public long Czxid, Mzxid, Pzxid, Ctime, Mtime, EphemeralOwner;
    public int Version, Cversion, Aversion;
    private HashSet<string>? _children;

    public IReadOnlyCollection<string> Children => _children ?? NoChildren;
    public int ChildCount => _children?.Count ?? 0;

    public bool AddChild(string name) => (_children ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
    public bool RemoveChild(string name) => _children is not null && _children.Remove(name);

    public Stat ToStat() => new(
        Czxid, Mzxid, Ctime, Mtime, Version, Cversion * 2 - ChildCount, Aversion,
        Tree.EphemeralOwner.AsSeenByClients(EphemeralOwner), Data?.Length ?? 0, ChildCount, Pzxid);

    public StatPersisted ToStatPersisted() =>
        new(Czxid, Mzxid, Ctime, Mtime, Version, Cversion, Aversion, EphemeralOwner, Pzxid);

    public void SetFrom(StatPersisted s)
    {
        Czxid = s.Czxid; Mzxid = s.Mzxid; Ctime = s.Ctime; Mtime = s.Mtime; Version = s.Version;
        Cversion = s.Cversion; Aversion = s.Aversion; EphemeralOwner = s.EphemeralOwner; Pzxid = s.Pzxid;
    }
}
