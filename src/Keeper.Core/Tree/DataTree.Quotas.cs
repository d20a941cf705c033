using Keeper.Core.Quotas;

namespace Keeper.Core.Tree;

/// <summary>
/// Quota bookkeeping, as ZooKeeper's DataTree keeps it: creating a <c>zookeeper_limits</c> node under
/// <c>/zookeeper/quota</c> puts its path under quota, creating the <c>zookeeper_stats</c> node fills it with the
/// subtree's count and bytes, and from then on every create, delete and setData in the subtree rewrites the
/// stats node's data in place. Those rewrites are local: no txn, no version or mzxid change, no watch, and
/// outside the digest (which leaves out <c>/zookeeper/</c>). After a snapshot is loaded the stats are counted
/// afresh (<see cref="SetUpQuotas"/>), so replaying the log after it moves them on from the true values.
/// </summary>
public sealed partial class DataTree
{
    private readonly QuotaPrefixes _quotaPrefixes = new();

    /// <summary>
    /// Where the tree reports what ZooKeeper logs as errors about quota nodes (a missing stats node, a stats
    /// node whose text does not parse). Null: not reported.
    /// </summary>
    public Action<string>? QuotaError { get; set; }

    /// <summary>The paths that have a quota (a <c>zookeeper_limits</c> node).</summary>
    public IReadOnlyCollection<string> QuotaSubtrees => _quotaPrefixes.Paths;

    /// <summary>The deepest path with a quota that <paramref name="path"/> is in, or null.</summary>
    public string? MaxPrefixWithQuota(string path) => _quotaPrefixes.MaxPrefix(path);

    /// <summary>After a node is created: the quota tree's own nodes first, then the usage of its quota.</summary>
    private void QuotaOnCreate(string path, ReadOnlySpan<char> parentPath, string name, long bytes)
    {
        if (parentPath.StartsWith(Quotas.QuotaPaths.QuotaRoot, StringComparison.Ordinal))
        {
            var real = Quotas.QuotaPaths.TrimQuotaPath(parentPath.ToString())!;
            if (name == Quotas.QuotaPaths.LimitNode)
            {
                // ZooKeeper throws here for /zookeeper/quota/zookeeper_limits (a quota on ""), after the node is in.
                if (real.Length == 0) QuotaError?.Invoke($"Invalid path: a limit node directly under {Quotas.QuotaPaths.QuotaRoot} ({path}) is ignored");
                else _quotaPrefixes.Add(real);
            }
            if (name == Quotas.QuotaPaths.StatNode) UpdateQuotaForPath(real);
        }
        if (MaxPrefixWithQuota(path) is { } prefix) UpdateQuotaStat(prefix, bytes, 1);
    }

    private void QuotaOnDelete(string path, string parentPath, string name, long bytes)
    {
        if (name == Quotas.QuotaPaths.LimitNode && parentPath.StartsWith(Quotas.QuotaPaths.ProcZookeeper, StringComparison.Ordinal))
        {
            // ZooKeeper cuts 16 characters off the parent whatever it is, and throws when it cannot (or gets "").
            var real = Quotas.QuotaPaths.TrimQuotaPath(parentPath);
            if (string.IsNullOrEmpty(real)) QuotaError?.Invoke($"Invalid path: the deleted limit node {path} names no quota");
            else _quotaPrefixes.Remove(real);
        }
        if (MaxPrefixWithQuota(path) is { } prefix) UpdateQuotaStat(prefix, -bytes, -1);
    }

    private void QuotaOnSetData(string path, long bytesDiff)
    {
        if (MaxPrefixWithQuota(path) is { } prefix) UpdateQuotaStat(prefix, bytesDiff, 0);
    }

    /// <summary>DataTree.updateQuotaStat: adds to the stats node's count and bytes, keeping its other keys.</summary>
    private void UpdateQuotaStat(string prefix, long bytesDiff, int countDiff)
    {
        var statPath = Quotas.QuotaPaths.StatPath(prefix);
        if (!_nodes.TryGetValue(statPath, out var statNode))
        {
            QuotaError?.Invoke($"Missing node for stat {statPath}");
            return;
        }
        StatsTrack stats;
        try
        {
            stats = StatsTrack.Parse(statNode.Data);
        }
        catch (FormatException e)
        {
            // ZooKeeper's apply thread dies here and the server exits; we count the subtree again instead,
            // which is what ZooKeeper's restart would do.
            QuotaError?.Invoke($"Unparsable quota stats {statPath} ({e.Message}): counting {prefix} again");
            UpdateQuotaForPath(prefix);
            return;
        }
        stats.Count += countDiff;
        stats.Bytes += bytesDiff;
        statNode.Data = stats.ToBytes();
    }

    /// <summary>DataTree.updateQuotaForPath: the stats node gets the subtree's node count and data bytes.</summary>
    private void UpdateQuotaForPath(string path)
    {
        var (count, bytes) = CountSubtree(path);
        var stats = new StatsTrack { Bytes = bytes, Count = count };
        var statPath = Quotas.QuotaPaths.StatPath(path);
        if (!_nodes.TryGetValue(statPath, out var statNode))
        {
            QuotaError?.Invoke($"Missing quota stat node {statPath}");
            return;
        }
        statNode.Data = stats.ToBytes();
    }

    /// <summary>DataTree.getCounts: the node itself and everything under it ("" is the root, as in ZooKeeper).</summary>
    private (int Count, long Bytes) CountSubtree(string path)
    {
        int count = 0;
        long bytes = 0;
        var stack = new Stack<string>();
        stack.Push(path);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            var node = GetNode(current);
            if (node is null) continue;
            count++;
            bytes += node.Data?.Length ?? 0;
            foreach (var child in node.Children) stack.Push(current + "/" + child);
        }
        return (count, bytes);
    }

    /// <summary>
    /// DataTree.setupQuota, run when a snapshot has been loaded: every leaf of the quota tree named
    /// <c>zookeeper_limits</c> puts its path under quota and has its stats counted afresh.
    /// </summary>
    public void SetUpQuotas()
    {
        _quotaPrefixes.Clear();
        if (GetNode(Quotas.QuotaPaths.QuotaRoot) is null) return;
        const string end = "/" + Quotas.QuotaPaths.LimitNode;
        var stack = new Stack<string>();
        stack.Push(Quotas.QuotaPaths.QuotaRoot);
        while (stack.Count > 0)
        {
            var path = stack.Pop();
            var node = GetNode(path);
            if (node is null) continue;
            if (node.ChildCount > 0)
            {
                foreach (var child in node.Children) stack.Push(path + "/" + child);
                continue;
            }
            if (!path.EndsWith(end, StringComparison.Ordinal)) continue;
            var real = path[Quotas.QuotaPaths.QuotaRoot.Length..path.IndexOf(end, StringComparison.Ordinal)];
            UpdateQuotaForPath(real);
            if (real.Length > 0) _quotaPrefixes.Add(real);
        }
    }
}
