using Keeper.Consensus.Zab;
using Keeper.Simulation.Tests.Linearizability.Models;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// Clients of one server. Only a serving server takes requests: the leader proposes them itself, a learner
/// forwards them to the leader (a REQUEST on its quorum connection) and answers when the txn commits here.
/// Anything else is refused at once, before it can reach a leader — a definite failure for the client.
/// </summary>
internal sealed partial class SimServer
{
    // Leader: txns proposed for our own clients, by zxid.
    private readonly Dictionary<long, KvOp> _proposedHere = [];
    // Learner: our clients' requests forwarded to the leader, by (client, seq), answered when they commit here.
    private readonly Dictionary<(int Client, int Seq), KvOp> _forwarded = [];

    public void OnClientRequest(KvOp op)
    {
        if (!Alive) { sim.Client(op.Client).OnRefused(op.Seq, $"s{Id} is down"); return; }
        if (Peer is not { IsServing: true } peer)
        {
            Reply(() => sim.Client(op.Client).OnRefused(op.Seq, $"s{Id} is not serving"));
            return;
        }
        if (peer.Leader is { } leader)
        {
            long zxid = leader.NextZxid;
            _proposedHere[zxid] = op;
            peer.Propose(new Proposal(zxid, KvOp.Txn(zxid, op.Encode(), sim.Clock.Now)), sim.Clock.Now);
            Run();
        }
        else if (_leaderConnection is { } c)
        {
            _forwarded[(op.Client, op.Seq)] = op;
            sim.Net.Send(c, toLeader: true, new ForwardWire(op.Encode()));
        }
        else
        {
            Reply(() => sim.Client(op.Client).OnRefused(op.Seq, $"s{Id} has no leader connection"));
        }
    }

    /// <summary>Leader: a learner's client request becomes a txn like our own clients' (the learner answers it).</summary>
    private void OnForwarded(byte[] request)
    {
        if (Peer?.Leader is not { IsServing: true } leader) return;
        long zxid = leader.NextZxid;
        Peer.Propose(new Proposal(zxid, KvOp.Txn(zxid, request, sim.Clock.Now)), sim.Clock.Now);
    }

    /// <summary>A txn was applied here: if it is one of our clients' requests, answer it with the result.</summary>
    private void Answer(Proposal p, ZNodeOutput result)
    {
        var op = KvOp.Decode(p.Data);
        if (_proposedHere.Remove(p.Zxid, out var mine))
        {
            if (mine.Client != op.Client || mine.Seq != op.Seq)
                sim.Violation($"host: server {Id} proposed {mine} as {Hex(p.Zxid)} but applied {op} there");
        }
        else if (!_forwarded.Remove((op.Client, op.Seq)))
        {
            return;
        }
        Reply(() => sim.Client(op.Client).OnAnswer(op.Seq, result, p.Zxid, p.Data));
    }

    /// <summary>The role ended: the client connections close, so every request waiting here has an unknown outcome.</summary>
    private void DropClients()
    {
        foreach (var op in _proposedHere.Values.Concat(_forwarded.Values).ToList())
            Reply(() => sim.Client(op.Client).OnConnectionLost(op.Seq, $"s{Id} left its role"));
        _proposedHere.Clear();
        _forwarded.Clear();
    }

    /// <summary>An answer travels to the client; a crash before it gets there loses it (TCP's buffers die with the host).</summary>
    private void Reply(Action deliver)
    {
        int incarnation = Incarnation;
        sim.Clock.After(sim.Net.Delay(), () =>
        {
            if (Alive && Incarnation == incarnation) deliver();
        });
    }
}
