using Keeper.Core.Tree;
using Keeper.Protocol;

namespace Keeper.Core.Quotas;

/// <summary>
/// ZooKeeperServer.checkQuota, asked by the preparer for each create and setData when
/// <c>zookeeper.enforceQuota</c> is on (off, ZooKeeper checks and logs nothing). It reads the limits and the
/// usage from the applied tree, not from pending changes, as ZooKeeper does. Going over a soft limit logs a
/// warning; going over a hard limit (which wins over the soft one) logs it too and fails the write with
/// QuotaExceeded, counted for mntr under the request's top-level namespace.
/// </summary>
internal sealed class QuotaEnforcer
{
    private readonly DataTree _tree;
    private readonly RateLimitedWarning _warning;
    private readonly Dictionary<string, long> _exceeded = new(StringComparer.Ordinal);

    public QuotaEnforcer(DataTree tree, bool enforce)
    {
        _tree = tree;
        Enforce = enforce;
        _warning = new RateLimitedWarning(() => Log);
    }

    public bool Enforce { get; }

    public IQuotaLog? Log { get; set; }

    /// <summary>Hard-limit refusals per top-level namespace (mntr's quota_exceeded_error_per_namespace).</summary>
    public IReadOnlyDictionary<string, long> ExceededByNamespace => _exceeded;

    /// <summary>A create of <paramref name="path"/> with <paramref name="dataLength"/> bytes.</summary>
    public void CheckCreate(string path, long dataLength, long nowMs) => Check(path, dataLength, 1, nowMs);

    /// <summary>A setData of <paramref name="path"/> from <paramref name="lastLength"/> to <paramref name="dataLength"/> bytes.</summary>
    public void CheckSetData(string path, long lastLength, long dataLength, long nowMs) => Check(path, dataLength - lastLength, 0, nowMs);

    private void Check(string path, long bytesDiff, long countDiff, long nowMs)
    {
        if (!Enforce) return;
        if (_tree.MaxPrefixWithQuota(path) is not { } prefix) return;

        var limitPath = QuotaPaths.LimitPath(prefix);
        if (_tree.GetNode(limitPath) is not { } limitNode)
        {
            Log?.Error($"Missing limit node for quota {limitPath}");
            return;
        }
        var limits = Parse(limitNode.Data, limitPath, path);
        bool checkCount = countDiff != 0 && (limits.Count > -1 || limits.CountHardLimit > -1);
        bool checkBytes = bytesDiff != 0 && (limits.Bytes > -1 || limits.ByteHardLimit > -1);
        if (!checkCount && !checkBytes) return;

        var statPath = QuotaPaths.StatPath(prefix);
        if (_tree.GetNode(statPath) is not { } statNode)
        {
            Log?.Error($"Missing node for stat {statPath}");
            return;
        }
        var usage = Parse(statNode.Data, statPath, path);

        if (checkCount)
        {
            long count = usage.Count + countDiff;
            bool hard = limits.CountHardLimit > -1;
            long limit = hard ? limits.CountHardLimit : limits.Count;
            if (count > limit) Exceeded(path, prefix, $"[current count={count}, {(hard ? "hard" : "soft")}CountLimit={limit}]", hard, nowMs);
        }
        if (checkBytes)
        {
            long bytes = usage.Bytes + bytesDiff;
            bool hard = limits.ByteHardLimit > -1;
            long limit = hard ? limits.ByteHardLimit : limits.Bytes;
            if (bytes > limit) Exceeded(path, prefix, $"[current bytes={bytes}, {(hard ? "hard" : "soft")}ByteLimit={limit}]", hard, nowMs);
        }
    }

    private void Exceeded(string path, string prefix, string detail, bool hard, long nowMs)
    {
        _warning.Log($"Quota exceeded: {prefix} {detail}", nowMs);
        if (!hard) return;
        if (QuotaMetrics.TopNamespace(path) is { } ns) _exceeded[ns] = _exceeded.GetValueOrDefault(ns) + 1;
        // Only the code goes back; clients name their own path in the error ("Quota has exceeded : /a/d").
        throw new KeeperException(ErrorCode.QuotaExceeded, path);
    }

    /// <summary>A quota node whose text does not parse fails the request as ZooKeeper fails it: MarshallingError.</summary>
    private StatsTrack Parse(byte[]? data, string nodePath, string requestPath)
    {
        try
        {
            return StatsTrack.Parse(data);
        }
        catch (FormatException e)
        {
            Log?.Error($"Failed to process the write of {requestPath}: the quota node {nodePath} does not parse: {e.Message}");
            throw new UnreadableQuotaException(e.Message);
        }
    }
}
