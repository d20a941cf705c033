namespace Keeper.Core.Tree;

/// <summary>
/// ZooKeeper's EphemeralType encoding of the stored ephemeralOwner: 0 for plain persistent nodes, the
/// session id for ephemerals, Long.MIN_VALUE for containers, and 0xFF in the top byte plus the ttl for TTL
/// nodes. Clients see 0 for containers and TTL nodes.
/// </summary>
public static class EphemeralOwner
{
    public const long Container = long.MinValue;
    public const long MaxTtl = 0x000000FFFFFFFFFF;
    private const long TtlMask = unchecked((long)0xFF00000000000000UL);

    public static bool IsContainer(long owner) => owner == Container;
    public static bool IsTtl(long owner) => owner != Container && (owner & TtlMask) == TtlMask && (owner & 0x00FFFF0000000000) == 0;
    public static bool IsSession(long owner) => owner != 0 && !IsContainer(owner) && !IsTtl(owner);
    public static long ForTtl(long ttl) => TtlMask | ttl;
    public static long TtlOf(long owner) => owner & MaxTtl;
    public static long AsSeenByClients(long owner) => IsSession(owner) ? owner : 0;
}
