using Keeper.Consensus.Quorum;
using Keeper.Consensus.Zab;

namespace Keeper.Consensus.Peer;

/// <summary>What the peer reads from its host's disk when it takes a role.</summary>
internal interface IPeerStore
{
    /// <summary>The epochs on disk and the last logged zxid, as of now.</summary>
    PeerHistory History { get; }

    /// <summary>The most recent committed history for a new leader to sync learners from (ending at the last logged zxid).</summary>
    ProposalWindow RecentHistory(int capacity);

    /// <summary>
    /// The membership of the newest reconfig txn in our log (its version is the txn's zxid), or null when there is
    /// none: Apache's last seen quorum verifier. One newer than ours never took effect; a new leader completes it.
    /// </summary>
    QuorumVerifier? LoggedMembership { get; }
}
