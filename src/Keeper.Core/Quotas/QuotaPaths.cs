namespace Keeper.Core.Quotas;

/// <summary>
/// Where ZooKeeper keeps quotas (org.apache.zookeeper.Quotas): the limit and the usage of the subtree at
/// <c>/app</c> are the nodes <c>/zookeeper/quota/app/zookeeper_limits</c> and <c>.../zookeeper_stats</c>.
/// </summary>
public static class QuotaPaths
{
    public const string ProcZookeeper = "/zookeeper";
    public const string QuotaRoot = "/zookeeper/quota";
    public const string LimitNode = "zookeeper_limits";
    public const string StatNode = "zookeeper_stats";

    public static string QuotaPath(string path) => QuotaRoot + path;

    public static string LimitPath(string path) => QuotaRoot + path + "/" + LimitNode;

    public static string StatPath(string path) => QuotaRoot + path + "/" + StatNode;

    /// <summary>
    /// The real path of a path under the quota tree: its text after <c>/zookeeper/quota</c>, whatever that
    /// is, as Quotas.trimQuotaPath cuts it (so <c>/zookeeper/quotaX</c> gives <c>X</c>). Null when the path is
    /// too short to cut, where ZooKeeper would throw.
    /// </summary>
    public static string? TrimQuotaPath(string quotaPath) =>
        quotaPath.Length >= QuotaRoot.Length ? quotaPath[QuotaRoot.Length..] : null;
}
