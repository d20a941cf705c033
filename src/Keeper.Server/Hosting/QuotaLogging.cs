using Keeper.Core.Quotas;
using Keeper.Server.Logging;

namespace Keeper.Server.Hosting;

/// <summary>The quota check's and the tree's quota messages, logged under ZooKeeper's class names.</summary>
internal sealed class QuotaLogging : IQuotaLog
{
    public static readonly QuotaLogging Instance = new();

    // ZooKeeper logs the limits exceeded through its RateLogger and the missing nodes from ZooKeeperServer.
    private static readonly Logger Rate = new("RateLogger");
    private static readonly Logger Server = new("ZooKeeperServer");

    public void Warn(string message) => Rate.Warn(message);

    public void Error(string message) => Server.Error(message);

    /// <summary>The line ZooKeeperServer logs at start-up when enforceQuota is on.</summary>
    public static void ReportEnforced() => Server.Info("zookeeper.enforceQuota = true, Quota Enforce enables");
}
