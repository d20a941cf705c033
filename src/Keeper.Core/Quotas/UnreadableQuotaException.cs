namespace Keeper.Core.Quotas;

/// <summary>
/// A quota node the check must read does not parse. Not a KeeperException on purpose: ZooKeeper meets a
/// RuntimeException here, which fails the whole request (a multi too, not one of its ops) with MarshallingError.
/// </summary>
internal sealed class UnreadableQuotaException(string message) : Exception(message);
