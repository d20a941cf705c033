namespace Keeper.Consensus.Zab;

/// <summary>
/// One txn as Zab carries it: its zxid and its bytes (TxnHeader + txn record [+ TxnDigest], the same bytes
/// as a txn log entry and a PROPOSAL packet's data). Zab never looks inside the bytes.
/// </summary>
internal sealed record Proposal(long Zxid, byte[] Data)
{
    public override string ToString() => $"0x{Zxid:x}";
}
