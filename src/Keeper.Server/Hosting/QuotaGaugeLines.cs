using Keeper.Core.Quotas;
using Keeper.Core.Tree;

namespace Keeper.Server.Hosting;

/// <summary>
/// The per-namespace quota metrics as mntr prints ZooKeeper's gauge and counter sets: <c>&lt;namespace&gt;_&lt;name&gt;</c>
/// (e.g. <c>zk_app_quota_count_limit_per_namespace</c>). Nothing is printed without quotas, as in ZooKeeper.
/// </summary>
internal static class QuotaGaugeLines
{
    private static readonly string[] Order = [QuotaMetrics.BytesLimit, QuotaMetrics.CountUsage, QuotaMetrics.CountLimit, QuotaMetrics.BytesUsage];

    public static IReadOnlyList<KeyValuePair<string, long>> Of(DataTree tree)
    {
        var values = QuotaMetrics.Collect(tree);
        if (values.Count == 0) return [];
        var lines = new List<KeyValuePair<string, long>>(values.Count);
        foreach (var metric in Order)
        {
            foreach (var ((name, ns), value) in values.Where(v => v.Key.Metric == metric).OrderBy(v => v.Key.Namespace, StringComparer.Ordinal))
                lines.Add(new(ns + "_" + name, value));
        }
        return lines;
    }

    public static IReadOnlyDictionary<string, long> ExceededCounters(IReadOnlyDictionary<string, long> byNamespace) =>
        byNamespace.ToDictionary(e => e.Key + "_" + QuotaMetrics.ExceededErrors, e => e.Value, StringComparer.Ordinal);
}
