namespace Keeper.Consensus;

/// <summary>
/// A zxid is (epoch &lt;&lt; 32) | counter: the epoch of the leader that proposed the txn and its position in
/// that leader's reign. Each new leader starts its epoch's counter at 0 (NEWLEADER's zxid), so its first
/// txn is epoch &lt;&lt; 32 | 1.
/// </summary>
internal static class Zxid
{
    public static long Make(long epoch, long counter) => (epoch << 32) | (counter & 0xffffffffL);

    public static long EpochOf(long zxid) => zxid >> 32;

    public static long CounterOf(long zxid) => zxid & 0xffffffffL;

    public static string Hex(long zxid) => "0x" + zxid.ToString("x");
}
