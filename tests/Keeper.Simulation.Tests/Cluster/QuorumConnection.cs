using Keeper.Consensus.Zab;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>What a quorum connection carries: Zab's packets, a SNAP's state stream, and forwarded client requests.</summary>
internal abstract record Wire;

internal sealed record ZabWire(ZabMessage Message) : Wire
{
    public override string ToString() => Message.ToString();
}

/// <summary>NEWLEADER and its data, the version of the membership the leader's epoch runs with.</summary>
internal sealed record NewLeaderWire(NewLeader Message, long Membership) : Wire
{
    public override string ToString() => $"{Message} membership 0x{Membership:x}";
}

/// <summary>SNAP and the state stream that follows it on the same socket (QuorumService.SendSnapshot).</summary>
internal sealed record SnapshotWire(long Zxid, ReplicaState State) : Wire;

/// <summary>A learner's client request, sent to the leader as ZooKeeper's REQUEST packet.</summary>
internal sealed record ForwardWire(byte[] Request) : Wire;

/// <summary>
/// One learner-to-leader TCP connection: FIFO both ways, nothing lost while it is open, everything in flight
/// lost when it breaks. Each end learns of a break on its own schedule (a reset, or a timeout much later).
/// </summary>
internal sealed class QuorumConnection(long id, SimServer leader, SimServer learner)
{
    public long Id { get; } = id;
    public SimServer Leader { get; } = leader;
    public SimServer Learner { get; } = learner;
    public bool Open { get; set; } = true;

    /// <summary>When the last message each way is delivered: a later one never overtakes it.</summary>
    public long LastToLeader { get; set; }
    public long LastToLearner { get; set; }

    public override string ToString() => $"conn{Id}({Learner.Id}->{Leader.Id})";
}
