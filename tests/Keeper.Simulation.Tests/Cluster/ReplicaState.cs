using Keeper.Simulation.Tests.Linearizability.Models;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// A server's replicated state machine: a versioned map with ZooKeeper's znode rules (exactly what
/// <see cref="ZNodeModel"/> specifies), and the list of txns applied to get there, which the safety
/// monitor compares across servers.
/// </summary>
internal sealed class ReplicaState
{
    private readonly Dictionary<string, (string Data, int Version)> _nodes;
    private readonly List<(long Zxid, byte[] Data)> _applied;

    public ReplicaState() : this(new(StringComparer.Ordinal), [], 0) { }

    private ReplicaState(Dictionary<string, (string, int)> nodes, List<(long, byte[])> applied, long lastZxid)
    {
        _nodes = nodes;
        _applied = applied;
        LastZxid = lastZxid;
    }

    public long LastZxid { get; private set; }

    public IReadOnlyList<(long Zxid, byte[] Data)> Applied => _applied;

    /// <summary>The znodes as (path, data, version), in path order: what a snapshot file holds of this state.</summary>
    public IEnumerable<(string Path, string Data, int Version)> Nodes =>
        _nodes.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => (n.Key, n.Value.Data, n.Value.Version));

    /// <summary>
    /// The state a snapshot file held: its znodes and zxid as read back. The txn history behind it is not in the
    /// file (a snapshot is a state); it comes from the snapshot the simulation expected there, whose znodes the
    /// caller has checked are exactly these, so the safety monitor can go on comparing histories.
    /// </summary>
    public static ReplicaState Restored(IEnumerable<(string Path, string Data, int Version)> nodes, ReplicaState expected)
    {
        var map = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        foreach (var (path, data, version) in nodes) map[path] = (data, version);
        return new(map, [.. expected._applied], expected.LastZxid);
    }

    /// <summary>A copy as of now: what a leader streams after SNAP, and what a snapshot on disk holds.</summary>
    public ReplicaState Clone() => new(new(_nodes, StringComparer.Ordinal), [.. _applied], LastZxid);

    public ZNodeOutput Apply(long zxid, byte[] data)
    {
        if (zxid <= LastZxid)
            throw new SimulationException($"apply of 0x{zxid:x} after 0x{LastZxid:x}");
        LastZxid = zxid;
        _applied.Add((zxid, data));
        return Execute(KvOp.Decode(data).Input);
    }

    private ZNodeOutput Execute(ZNodeInput input)
    {
        bool exists = _nodes.TryGetValue(input.Path, out var node);
        bool versionOk = input.ExpectedVersion == ZNodeInput.AnyVersion || input.ExpectedVersion == node.Version;
        switch (input.Kind)
        {
            case ZNodeOpKind.Read:
                return exists ? ZNodeOutput.Value(node.Data, node.Version) : ZNodeOutput.NoNode;
            case ZNodeOpKind.Create:
                if (exists) return ZNodeOutput.NodeExists;
                _nodes[input.Path] = (input.Data ?? "", 0);
                return ZNodeOutput.Ok;
            case ZNodeOpKind.Delete:
                if (!exists) return ZNodeOutput.NoNode;
                if (!versionOk) return ZNodeOutput.BadVersion;
                _nodes.Remove(input.Path);
                return ZNodeOutput.Ok;
            default: // Write, CompareAndSet
                if (!exists) return ZNodeOutput.NoNode;
                if (!versionOk) return ZNodeOutput.BadVersion;
                _nodes[input.Path] = (input.Data ?? "", node.Version + 1);
                return ZNodeOutput.Written(node.Version + 1);
        }
    }
}
