namespace Keeper.Core.Tree;

/// <summary>
/// Which containers and TTL nodes are due for deletion (ZooKeeper's ContainerManager.getCandidates): an
/// empty container that once had a child, an empty container never used for longer than the
/// never-used interval (if set), an empty TTL node not modified for longer than its ttl.
/// </summary>
public static class ContainerReaper
{
    public static List<string> Candidates(DataTree tree, long wallTimeMs, long maxNeverUsedIntervalMs = 0)
    {
        var due = new List<string>();
        foreach (var path in tree.Containers)
        {
            var node = tree.GetNode(path);
            if (node is null || node.ChildCount > 0) continue;
            if (node.Cversion > 0 || (maxNeverUsedIntervalMs != 0 && wallTimeMs - node.Mtime > maxNeverUsedIntervalMs))
                due.Add(path);
        }
        foreach (var path in tree.Ttls)
        {
            var node = tree.GetNode(path);
            if (node is null || node.ChildCount > 0) continue;
            long ttl = EphemeralOwner.TtlOf(node.EphemeralOwner);
            if (ttl != 0 && wallTimeMs - node.Mtime > ttl) due.Add(path);
        }
        return due;
    }
}
