using Keeper.Consensus.Quorum;
using Keeper.Consensus.Zab;
using Keeper.Simulation.Tests.Linearizability.Models;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// Reconfig on a simulated server, as QuorumService does it: the leader proposes a reconfig txn (here a no-op read of
/// <c>/reconfig</c>, its membership kept by the simulation by zxid, as the real txn carries it), and on activation the
/// server takes the new membership, keeps it across crashes (the real one writes its dynamic config file) and hands it
/// to its peer.
/// </summary>
internal sealed partial class SimServer
{
    private QuorumVerifier? _activated;

    /// <summary>The membership this server runs with: its last activated one, else the configured one.</summary>
    public QuorumVerifier Membership => _activated ?? verifier;

    /// <summary>Leader only: proposes a reconfig to <paramref name="voters"/>; false when not leading or one is pending.</summary>
    public bool ProposeReconfig(long[] voters)
    {
        if (Peer?.Leader is not { IsServing: true, ReconfigPending: false } leader) return false;
        long zxid = leader.NextZxid;
        var next = QuorumVerifier.OfIds(voters);
        sim.ProposedMemberships[zxid] = next;
        var op = new KvOp(-1, (int)(zxid & 0x7fffffff), ZNodeInput.Read("/reconfig"));
        sim.Trace.Add($"s{Id}: proposes reconfig {Hex(zxid)} to voters {string.Join(",", voters)}");
        Peer.ProposeReconfig(new Proposal(zxid, KvOp.Txn(zxid, op.Encode(), sim.Clock.Now)), next.Voters.ToHashSet(), next.Observers.ToHashSet(), sim.Clock.Now);
        Run();
        return true;
    }

    private void Activate(Activated activated)
    {
        if (!sim.ProposedMemberships.TryGetValue(activated.Zxid, out var next))
        {
            sim.Violation($"zab: server {Id} activated {Hex(activated.Zxid)}, which no leader proposed as a reconfig");
            return;
        }
        sim.Count("reconfig activated");
        sim.Trace.Add($"s{Id}: activates reconfig {Hex(activated.Zxid)}, voters {string.Join(",", next.Voters)}, leader s{activated.DesignatedLeader}");
        _activated = next;
        // A leader handing over: its learners get the activation before its links close (QuorumService.OnActivated).
        if (Peer!.Leader is null && _learnerConnections.Count > 0)
        {
            foreach (var c in _learnerConnections.Values) sim.Net.CloseAfterFlush(c, this);
            _learnerConnections.Clear();
        }
        Peer.Reconfigure(next, activated.DesignatedLeader, sim.Clock.Now);
    }
}
