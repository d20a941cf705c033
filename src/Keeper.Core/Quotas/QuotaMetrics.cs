using Keeper.Core.Tree;

namespace Keeper.Core.Quotas;

/// <summary>
/// ZooKeeper 3.8's per-namespace quota gauges (server/util/QuotaMetricsUtils): every leaf of the quota tree
/// named <c>zookeeper_limits</c> adds its limit (the hard one when set, else the soft one) and every
/// <c>zookeeper_stats</c> leaf its usage to the top-level namespace of the path it is for.
/// </summary>
public static class QuotaMetrics
{
    public const string CountLimit = "quota_count_limit_per_namespace";
    public const string BytesLimit = "quota_bytes_limit_per_namespace";
    public const string CountUsage = "quota_count_usage_per_namespace";
    public const string BytesUsage = "quota_bytes_usage_per_namespace";
    public const string ExceededErrors = "quota_exceeded_error_per_namespace";

    /// <summary>(metric name, namespace) to value, for the four gauge sets; empty without quotas.</summary>
    public static Dictionary<(string Metric, string Namespace), long> Collect(DataTree tree)
    {
        var values = new Dictionary<(string, string), long>();
        if (tree.GetNode(QuotaPaths.QuotaRoot) is null) return values;
        var stack = new Stack<string>();
        stack.Push(QuotaPaths.QuotaRoot);
        while (stack.Count > 0)
        {
            var path = stack.Pop();
            var node = tree.GetNode(path);
            if (node is null) continue;
            if (node.ChildCount > 0)
            {
                foreach (var child in node.Children) stack.Push(path + "/" + child);
                continue;
            }
            bool limit = path.EndsWith("/" + QuotaPaths.LimitNode, StringComparison.Ordinal);
            bool stats = path.EndsWith("/" + QuotaPaths.StatNode, StringComparison.Ordinal);
            if (!limit && !stats || node.Data is null) continue;
            if (TopNamespace(QuotaPaths.TrimQuotaPath(path)!) is not { } ns) continue;
            StatsTrack track;
            try
            {
                track = StatsTrack.Parse(node.Data);
            }
            catch (FormatException)
            {
                continue;
            }
            if (limit)
            {
                Add(values, CountLimit, ns, track.CountHardLimit > -1 ? track.CountHardLimit : track.Count);
                Add(values, BytesLimit, ns, track.ByteHardLimit > -1 ? track.ByteHardLimit : track.Bytes);
            }
            else
            {
                Add(values, CountUsage, ns, track.Count);
                Add(values, BytesUsage, ns, track.Bytes);
            }
        }
        return values;
    }

    private static void Add(Dictionary<(string, string), long> values, string metric, string ns, long value) =>
        values[(metric, ns)] = values.GetValueOrDefault((metric, ns)) + value;

    /// <summary>PathUtils.getTopNamespace: Java's path.split("/")[1], null when there is none.</summary>
    internal static string? TopNamespace(string path)
    {
        var parts = path.Split('/');
        int n = parts.Length;
        while (n > 0 && parts[n - 1].Length == 0) n--;
        return n > 1 ? parts[1] : null;
    }
}
