using Keeper.Consensus.Election;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// The network between servers, with partitions (servers talk only within their group).
/// <para>
/// Election traffic is modelled as the real election port (QuorumCnxManager, ElectionNetwork) behaves: one
/// connection per pair of servers, made on demand when something is to be sent; per destination a send slot that
/// keeps only the newest message not yet taken (an older one waiting while there is no connection is dropped) and
/// the last message taken, which every new connection sends again first when nothing newer waits (a duplicate
/// when the old connection did deliver it). Within one connection delivery is FIFO; across a break it is not: a
/// message the broken connection was still carrying is lost, or handed over late, after what the next connection
/// brings (the real receiver reads each connection on its own thread). And now and then a notification arrives
/// twice (a connection that died just after delivering it, and the resend on the next). The election must (and
/// does, like Apache's) tolerate all of that: a notification is a full vote state, newest round wins.
/// </para>
/// <para>
/// Quorum connections stay FIFO and lossless while open, everything in flight lost when they break: Zab's
/// correctness rests on FIFO channels (a follower must see PROPOSAL before COMMIT, all of one epoch in order, and
/// a gap must end the connection, never be skipped over). TCP gives exactly that, and a learner that loses its
/// connection starts over with a new sync, so those are the only faults to model there.
/// </para>
/// </summary>
internal sealed class SimNetwork(EventQueue clock, Random random, Trace trace, Action<string> count)
{
    private readonly Dictionary<(long From, long To), ElectionSlot> _slots = [];
    private readonly Dictionary<(long, long), ElectionLink> _links = [];
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

    // Election-layer anomalies (duplicates, late deliveries, superseded messages) go to the run's counters.
    private void CountElection(string what) => count(what);

    // ---- election ----

    /// <summary>What one server keeps for sending to another (SendSlot): it lives as long as the sender's process.</summary>
    private sealed class ElectionSlot(SimServer from, SimServer to)
    {
        public SimServer From { get; } = from;
        public SimServer To { get; } = to;
        public int Incarnation { get; set; } = from.Incarnation;
        public Notification? Pending { get; set; }
        public Notification? LastSent { get; set; }
    }

    /// <summary>The election connection of a pair while it is up, with what it is carrying each way.</summary>
    private sealed class ElectionLink
    {
        public bool Up { get; set; }
        public bool Dialing { get; set; }
        public int Generation { get; set; }
        public Dictionary<long, long> LastDelivery { get; } = []; // by receiver: FIFO within the connection
        public List<InFlight> Carrying { get; } = [];
    }

    private sealed class InFlight(ElectionSlot slot, Notification n, int incarnation)
    {
        public ElectionSlot Slot { get; } = slot;
        public Notification Notification { get; } = n;
        public int ToIncarnation { get; } = incarnation;
        public bool Gone { get; set; }
    }

    private ElectionLink Link(long a, long b)
    {
        if (!_links.TryGetValue(Pair(a, b), out var link)) _links[Pair(a, b)] = link = new ElectionLink();
        return link;
    }

    public void SendElection(SimServer from, SimServer to, Notification n)
    {
        if (from == to)
        {
            // Apache's toSend hands a message to ourselves straight back, no connection involved.
            int self = from.Incarnation;
            clock.After(1, () => { if (from.Alive && from.Incarnation == self) from.OnElection(from.Id, n); });
            return;
        }
        if (!_slots.TryGetValue((from.Id, to.Id), out var slot) || slot.Incarnation != from.Incarnation)
            _slots[(from.Id, to.Id)] = slot = new ElectionSlot(from, to);
        if (slot.Pending is not null) CountElection("election superseded");
        slot.Pending = n; // capacity 1: the newest replaces one not yet taken
        var link = Link(from.Id, to.Id);
        if (link.Up) Pump(link, slot, resend: false);
        else Dial(from, to, link);
    }

    /// <summary>Connecting takes a round trip; it fails if the peer is down or unreachable (the next send dials again).</summary>
    private void Dial(SimServer from, SimServer to, ElectionLink link)
    {
        if (link.Dialing) return;
        link.Dialing = true;
        int incarnation = from.Incarnation;
        clock.After(Delay() * 2, () =>
        {
            link.Dialing = false;
            if (link.Up || !from.Alive || from.Incarnation != incarnation || !to.Alive || !CanTalk(from.Id, to.Id)) return;
            link.Up = true;
            link.Generation++;
            link.LastDelivery.Clear();
            // Both ends start sending on the new connection, each first resending its last message if nothing
            // newer waits (SendWorker.run), lower id first so the order depends only on the seed.
            var (a, b) = Pair(from.Id, to.Id);
            foreach (var key in new[] { (a, b), (b, a) })
                if (link.Up && _slots.TryGetValue(key, out var slot) && slot.From.Alive && slot.Incarnation == slot.From.Incarnation)
                    Pump(link, slot, resend: true);
        });
    }

    /// <summary>Sends what the slot holds on the connection (or, on a new connection with nothing waiting, the last message again).</summary>
    private void Pump(ElectionLink link, ElectionSlot slot, bool resend)
    {
        Notification n;
        if (slot.Pending is { } pending)
        {
            n = pending;
            slot.Pending = null;
            slot.LastSent = n;
        }
        else if (resend && slot.LastSent is { } last)
        {
            n = last;
            CountElection("election resent");
        }
        else return;

        var to = slot.To;
        long at = Math.Max(clock.Now + Delay(), link.LastDelivery.GetValueOrDefault(to.Id));
        link.LastDelivery[to.Id] = at;
        var item = new InFlight(slot, n, to.Incarnation);
        link.Carrying.Add(item);
        int generation = link.Generation;
        clock.At(at, () =>
        {
            link.Carrying.Remove(item);
            if (item.Gone || link.Generation != generation) return;
            Deliver(item);
        });
        if (random.Next(30) == 0)
        {
            // Delivered, then the connection died and its successor resent it: a second copy, in no particular order.
            CountElection("election duplicated");
            clock.At(at + random.Next(1, 300), () => Deliver(item));
        }
        else if (random.Next(40) == 0)
        {
            // The connection resets with this message on the wire: it is lost or arrives late, and the next send
            // reconnects (faults at random moments rarely catch a notification in flight; elections are bursts).
            CountElection("election connection reset");
            BreakLink(slot.From.Id, to.Id, late: true);
        }
    }

    private void Deliver(InFlight item)
    {
        var (from, to) = (item.Slot.From, item.Slot.To);
        if (!CanTalk(from.Id, to.Id) || !to.Alive || to.Incarnation != item.ToIncarnation) return;
        to.OnElection(from.Id, item.Notification);
    }

    /// <summary>
    /// The connection of a pair drops. What it carried is lost, or (when <paramref name="late"/>) some of it is
    /// handed over late, after whatever the next connection delivers. The send slots stay: the next connection
    /// resends the last message.
    /// </summary>
    private void BreakLink(long a, long b, bool late)
    {
        if (!_links.TryGetValue(Pair(a, b), out var link) || !link.Up) return;
        link.Up = false;
        link.Generation++;
        foreach (var item in link.Carrying)
        {
            item.Gone = true;
            if (late && random.Next(2) == 0)
            {
                CountElection("election delivered late");
                clock.After(random.Next(1, 400), () => Deliver(item));
            }
        }
        link.Carrying.Clear();
    }

    /// <summary>The election connection between two servers drops (a reset, or a connection replaced by a newer one).</summary>
    public void BreakElection(long a, long b)
    {
        BreakLink(a, b, late: true);
        trace.Add($"net: election channel {a}-{b} breaks");
    }

    /// <summary>A server crashed: its election connections die with what they carried, its send slots with its memory.</summary>
    public void ServerDown(long id)
    {
        foreach (var (a, b) in _links.Keys.Where(k => k.Item1 == id || k.Item2 == id).ToList()) BreakLink(a, b, late: false);
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

    /// <summary>
    /// A leader handing over after a reconfig (QuorumLink.CloseAfterFlush): what it already sent still arrives, then
    /// the connection closes as <see cref="Close"/> does.
    /// </summary>
    public void CloseAfterFlush(QuorumConnection c, SimServer by)
    {
        if (!c.Open) return;
        long at = Math.Max(clock.Now, Math.Max(c.LastToLeader, c.LastToLearner)) + 1;
        clock.At(at, () => Close(c, by));
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
        foreach (var (a, b) in _links.Keys.Where(k => !CanTalk(k.Item1, k.Item2)).ToList()) BreakLink(a, b, late: false);
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
