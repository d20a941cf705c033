using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Consensus.Wire;

/// <summary>
/// PROPOSAL data (and INFORM's): the bytes of a log entry, i.e. TxnHeader, the txn record, then a TxnDigest
/// when digests are on. Consensus treats them as opaque (Keeper.Storage's TxnEntryCodec parses them); this
/// only reads the header, which the learner needs to check the proposal's zxid against the packet's.
/// </summary>
internal static class ProposalBody
{
    public const int TxnHeaderLength = 32;

    public static TxnHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new JuteReader(data);
            return TxnHeader.Read(ref reader);
        }
        catch (JuteException e)
        {
            throw new WireFormatException("proposal data too short for a TxnHeader: " + e.Message, e);
        }
    }
}
