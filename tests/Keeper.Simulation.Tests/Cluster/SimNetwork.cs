using Keeper.Consensus.Election;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// The network between servers: per-pair election channels and quorum connections, both FIFO with random
/// delays, and partitions (servers talk only within their group). Messages are lost only with a connection:
/// a break or a partition drops what is in flight, a crashed receiver gets nothing.
/// </summary>
internal sealed class SimNetwork(EventQueue clock, Random random, Trace trace)
{
    private readonly Dictionary<(long From, long To), long> _electionLast = [];
    private readonly Dictionary<(long, long), int> _electionGeneration = [];
    private readonly List<QuorumConnection> _open = [];
    private readonly Dictionary<long, int> _group = [];
    private long _nextConnection;

    public IReadOnlyList<QuorumConnection> OpenConnections => _open;

    public bool IsPartitioned => _group.Values.Any(g => g != 0);

    /// <summary>A one-way latency: mostly a few ms, sometimes a slow moment.</summary>
    public long Delay() => random.Next(10) == 0 ? random.Next(20, 120) : random.Next(1, 8);

    public bool CanTalk(long a, long b) => Group(a) == Group(b);

    private int Group(long id) => _group.TryGetValue(id, out var g) ? g : 0;

    private static (long, long) Pair(long a, long b) => a < b ? (a, b) : (b, a);

    private int ElectionGeneration(long a, long b) => _electionGeneration.TryGetValue(Pair(a, b), out var g) ? g : 0;

    // ---- election ----

    public void SendElection(SimServer from, SimServer to, Notification n)
    {
        if (!CanTalk(from.Id, to.Id)) return;
        int generation = ElectionGeneration(from.Id, to.Id);
        long at = Math.Max(clock.Now + Delay(), _electionLast.GetValueOrDefault((from.Id, to.Id)));
        _electionLast[(from.Id, to.Id)] = at;
        int incarnation = to.Incarnation;
        clock.At(at, () =>
        {
            if (ElectionGeneration(from.Id, to.Id) != generation || !CanTalk(from.Id, to.Id)) return;
            if (!to.Alive || to.Incarnation != incarnation) return;
            to.OnElection(from.Id, n);
        });
    }

    /// <summary>The election connection between two servers drops: whatever it carried is gone.</summary>
    public void BreakElection(long a, long b)
    {
        _electionGeneration[Pair(a, b)] = ElectionGeneration(a, b) + 1;
        trace.Add($"net: election channel {a}-{b} breaks");
    }

    // ---- quorum connections ----

    public QuorumConnection Open(SimServer leader, SimServer learner)
    {
        var c = new QuorumConnection(++_nextConnection, leader, learner) { LastToLeader = clock.Now, LastToLearner = clock.Now };
        _open.Add(c);
        return c;
    }

    public void Send(QuorumConnection c, bool toLeader, Wire wire)
    {
        if (!c.Open) return;
        long at = Math.Max(clock.Now + Delay(), toLeader ? c.LastToLeader : c.LastToLearner);
        if (toLeader) c.LastToLeader = at; else c.LastToLearner = at;
        clock.At(at, () =>
        {
            if (!c.Open) return;
            if (toLeader) c.Leader.OnWire(c, wire); else c.Learner.OnWire(c, wire);
        });
    }

    /// <summary>One end closes: the other learns it after a short delay (a FIN or a reset).</summary>
    public void Close(QuorumConnection c, SimServer by)
    {
        if (!c.Open) return;
        c.Open = false;
        _open.Remove(c);
        var other = ReferenceEquals(by, c.Leader) ? c.Learner : c.Leader;
        clock.After(Delay(), () => other.OnConnectionLost(c));
    }

    /// <summary>The connection dies under both ends; each learns after its own delay (or its Zab timeouts fire first).</summary>
    public void Break(QuorumConnection c, long tellLeaderAfter, long tellLearnerAfter)
    {
        if (!c.Open) return;
        c.Open = false;
        _open.Remove(c);
        clock.After(tellLeaderAfter, () => c.Leader.OnConnectionLost(c));
        clock.After(tellLearnerAfter, () => c.Learner.OnConnectionLost(c));
    }

    // ---- partitions ----

    /// <summary>Puts each listed server in its group (others in group 0); connections across groups die.</summary>
    public void Partition(IReadOnlyDictionary<long, int> groups, string description)
    {
        _group.Clear();
        foreach (var (id, g) in groups) _group[id] = g;
        trace.Add($"net: partition {description}");
        foreach (var c in _open.ToList())
            if (!CanTalk(c.Leader.Id, c.Learner.Id))
                Break(c, random.Next(50, 3_000), random.Next(50, 3_000)); // found out by a timeout, much later
    }

    public void Heal()
    {
        if (!IsPartitioned) return;
        _group.Clear();
        trace.Add("net: partition healed");
    }
}
