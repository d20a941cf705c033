namespace Keeper.Consensus.Election;

/// <summary>A peer's role, as its ordinal travels in election notifications (QuorumPeer.ServerState).</summary>
internal enum ServerState
{
    Looking = 0,
    Following = 1,
    Leading = 2,
    Observing = 3,
}
