using Keeper.Consensus.Peer;
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
    // Leading: the reconfig in our log this epoch completes (NEWLEADER carries it). Learning: the one NEWLEADER carried.
    private long _newLeaderMembership;

    /// <summary>The membership this server runs with: its last activated one, else the configured one.</summary>
    public QuorumVerifier Membership => _activated ?? verifier;

    // ---- IPeerStore ----

    /// <summary>QuorumService reads /zookeeper/config, which the last applied reconfig txn set; here, the newest
    /// proposed reconfig whose txn is in the applied state (every logged txn is applied when a role starts).</summary>
    public QuorumVerifier? LoggedMembership
    {
        get
        {
            QuorumVerifier? newest = null;
            foreach (var (zxid, proposed) in sim.ProposedMemberships)
                if ((newest is null || zxid > newest.Version) && Applied(zxid)) newest = proposed;
            return newest;
        }
    }

    private bool Applied(long zxid)
    {
        var applied = State.Applied;
        int lo = 0, hi = applied.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (applied[mid].Zxid == zxid) return true;
            if (applied[mid].Zxid < zxid) lo = mid + 1; else hi = mid - 1;
        }
        return false;
    }

    // A role taken from a reconfig's designated leader, with no election (the vote has no round).
    private void CountDesignation()
    {
        if (Peer!.Election.CurrentVote.ElectionEpoch != -1) return;
        sim.Count("role from a reconfig's designation");
        sim.Trace.Add($"s{Id}: takes its role under s{Peer.Election.CurrentVote.Leader}, designated by the reconfig, without an election");
    }

    /// <summary>QuorumService.InheritReconfig: a leader whose log holds an unactivated reconfig completes it.</summary>
    private void InheritReconfig()
    {
        _newLeaderMembership = Peer!.Leader?.ReconfigPending == true ? LoggedMembership!.Version : Membership.Version;
        if (Peer.Leader?.ReconfigPending != true) return;
        sim.Count("reconfig inherited");
        sim.Trace.Add($"s{Id}: inherits reconfig {Hex(_newLeaderMembership)} from its log");
    }

    /// <summary>QuorumService.OnNewerMembershipSeen: a peer's notification shows a reconfig we missed; it becomes ours.</summary>
    private void AdoptNewerMembership(NewerMembershipSeen seen)
    {
        if (!sim.ProposedMemberships.TryGetValue(seen.Version, out var next))
        {
            sim.Violation($"election: server {Id} was offered membership {Hex(seen.Version)}, which no leader proposed as a reconfig");
            return;
        }
        sim.Count("reconfig learned from a notification");
        sim.Trace.Add($"s{Id}: takes s{seen.From}'s membership {Hex(seen.Version)}, voters {string.Join(",", next.Voters)}");
        _activated = next;
        Peer!.AdoptMembership(next, sim.Clock.Now);
    }

    /// <summary>QuorumService.ActivateMembership on a learner's UPTODATE: NEWLEADER's newer membership becomes ours.</summary>
    private void ActivateNewLeaderMembership()
    {
        long version = _newLeaderMembership;
        _newLeaderMembership = 0;
        if (Peer!.Leader is not null || version <= Membership.Version) return;
        if (!sim.ProposedMemberships.TryGetValue(version, out var next))
        {
            sim.Violation($"zab: server {Id} got NEWLEADER membership {Hex(version)}, which no leader proposed as a reconfig");
            return;
        }
        sim.Count("reconfig activated from NEWLEADER");
        sim.Trace.Add($"s{Id}: takes NEWLEADER's membership {Hex(version)}, voters {string.Join(",", next.Voters)}");
        bool member = Membership.IsMember(Id);
        _activated = next;
        if (member) Peer.Reconfigure(next, Peer.LeaderId, sim.Clock.Now);
        else Peer.AdoptMembership(next);
    }

    /// <summary>Leader only: proposes a reconfig to <paramref name="voters"/>; false when not leading or one is pending.</summary>
    public bool ProposeReconfig(long[] voters)
    {
        if (Peer?.Leader is not { IsServing: true, ReconfigPending: false } leader) return false;
        long zxid = leader.NextZxid;
        // A reconfig's membership is versioned by its txn's zxid, as the real one is.
        var next = new QuorumVerifier(QuorumVerifier.OfIds(voters).Members, zxid);
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
