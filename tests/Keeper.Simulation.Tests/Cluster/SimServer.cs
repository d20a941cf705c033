using Keeper.Consensus.Election;
using Keeper.Consensus.Peer;
using Keeper.Consensus.Quorum;
using Keeper.Consensus.Zab;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// One simulated server: a <see cref="QuorumPeer"/> and the host around it, doing what QuorumService does
/// with real sockets, files and the sequencer, on simulated ones. Everything volatile (the peer, the state,
/// connections, waiting clients) dies in a crash; the <see cref="SimDisk"/> survives it.
/// </summary>
internal sealed partial class SimServer(Simulation sim, long id, bool isObserver, QuorumVerifier verifier) : IPeerStore
{
    private readonly Dictionary<long, QuorumConnection> _learnerConnections = [];
    private QuorumConnection? _leaderConnection;
    private bool _listening;
    private bool _fsyncBusy;
    // Bumped when a role ends, like QuorumService._roleGeneration: late callbacks of the old role are ignored.
    private int _roleGeneration;

    public long Id { get; } = id;
    public bool IsObserver { get; } = isObserver;
    public SimDisk Disk { get; } = sim.CreateDisk(id);
    public bool Alive { get; private set; }
    public int Incarnation { get; private set; }
    public QuorumPeer? Peer { get; private set; }
    public ReplicaState State { get; private set; } = new();

    /// <summary>How much of <see cref="State"/>'s applied list the safety monitor has compared.</summary>
    public int Verified { get; set; }

    public bool IsServing => Alive && Peer?.IsServing == true;

    // ---- IPeerStore ----

    public PeerHistory History
    {
        get
        {
            // The real host reports its applied state's last zxid; the two agree whenever a role starts.
            if (State.LastZxid != Disk.LastZxid)
                sim.Violation($"host: server {Id} takes a role with its state at 0x{State.LastZxid:x} but its log at 0x{Disk.LastZxid:x}");
            return new(Disk.AcceptedEpoch, Disk.CurrentEpoch, Disk.LastZxid);
        }
    }

    public ProposalWindow RecentHistory(int capacity) => sim.Options.Window == WindowMode.LogTail
        ? Disk.TailWindow(capacity)
        : new ProposalWindow(Disk.LastZxid, capacity);

    // ---- life ----

    /// <summary>Start-up from the data dir: the state recovered from the log, a new peer, and election.</summary>
    public void Start()
    {
        Alive = true;
        Incarnation++;
        State = Disk.Recover();
        if (Disk.LastRepair is { } repaired)
        {
            sim.Count("torn tail cut");
            sim.Trace.Add($"s{Id}: recovery cut a torn tail: {repaired}");
        }
        if (Disk.LastSnapshotLeftovers > 0)
        {
            sim.Count("unfinished snapshot removed");
            sim.Trace.Add($"s{Id}: recovery removed {Disk.LastSnapshotLeftovers} temporary files of an unfinished snapshot");
        }
        Disk.LoadEpochs(State.LastZxid);
        Verified = 0;
        _fsyncBusy = false;
        _roleGeneration++;
        Peer = new QuorumPeer(Id, Membership, this, sim.Options.Zab);
        sim.Trace.Add($"s{Id}: starts (epochs {Disk.AcceptedEpoch}/{Disk.CurrentEpoch}, log to {Hex(Disk.LastZxid)}, durable {Hex(Disk.DurableZxid)})");
        Peer.Start(sim.Clock.Now);
        Run();
        int incarnation = Incarnation;
        sim.Clock.After(sim.Random.Next(1, (int)TickInterval), () => Tick(incarnation));
    }

    /// <summary>Power loss: connections die (peers learn of it late or early), the unsynced log tail is partly lost.</summary>
    public void Crash()
    {
        if (!Alive) return;
        Alive = false;
        foreach (var c in _learnerConnections.Values) sim.Net.Break(c, 0, sim.Random.Next(1, 3_000));
        if (_leaderConnection is { } lc) sim.Net.Break(lc, sim.Random.Next(1, 3_000), 0);
        _learnerConnections.Clear();
        _leaderConnection = null;
        _listening = false;
        _proposedHere.Clear();
        _forwarded.Clear();
        Peer = null;
        sim.Net.ServerDown(Id);
        int lost = Disk.Crash(sim.Random);
        sim.Count("crash");
        sim.Trace.Add($"s{Id}: CRASH (lost {lost} unsynced writes, log now to {Hex(Disk.LastZxid)}{(Disk.LastTear is { } tear ? "; " + tear : "")})");
    }

    private long TickInterval => Math.Max(1, sim.Options.Zab.TickTime / 10);

    private void Tick(int incarnation)
    {
        if (!Alive || incarnation != Incarnation) return;
        Peer!.Tick(sim.Clock.Now);
        Run();
        sim.Clock.After(TickInterval, () => Tick(incarnation));
    }

    // ---- inputs ----

    public void OnElection(long from, Notification n)
    {
        if (sim.Verbose) sim.Trace.Add($"s{Id} <- s{from}: {n.State} vote {n.Leader} 0x{n.Zxid:x} round {n.ElectionEpoch} epoch {n.PeerEpoch}");
        Peer!.ElectionReceived(from, n, sim.Clock.Now);
        Run();
    }

    public void OnWire(QuorumConnection c, Wire wire)
    {
        if (!Alive) return;
        if (sim.Verbose) sim.Trace.Add($"s{Id} <- {c}: {wire}");
        if (ReferenceEquals(c.Leader, this))
        {
            if (!_learnerConnections.ContainsKey(c.Id)) return;
            switch (wire)
            {
                case ZabWire z: Peer!.LearnerMessage(c.Id, z.Message, sim.Clock.Now); break;
                case ForwardWire f: OnForwarded(f.Request); break;
            }
        }
        else
        {
            if (!ReferenceEquals(_leaderConnection, c)) return;
            switch (wire)
            {
                case NewLeaderWire n: _newLeaderMembership = n.Membership; Peer!.LeaderMessage(n.Message, sim.Clock.Now); break;
                case ZabWire z: Peer!.LeaderMessage(z.Message, sim.Clock.Now); break;
                case SnapshotWire s: OnSnapshot(s); break;
            }
        }
        Run();
    }

    public void OnConnectionLost(QuorumConnection c)
    {
        if (!Alive) return;
        if (_learnerConnections.Remove(c.Id))
        {
            Peer!.LearnerDisconnected(c.Id, sim.Clock.Now);
            Run();
        }
        else if (ReferenceEquals(_leaderConnection, c))
        {
            _leaderConnection = null;
            Peer!.LeaderLost("connection to the leader broke", sim.Clock.Now);
            Run();
        }
    }

    /// <summary>The leader side of a new connection (LeaderListener's accept).</summary>
    private void Accept(QuorumConnection c)
    {
        _learnerConnections[c.Id] = c;
        Peer!.LearnerConnected(c.Id, sim.Clock.Now);
        Run();
    }

    // ---- the host's loop (QuorumService.Run) ----

    private void Run()
    {
        for (int round = 0; round < 1000; round++)
        {
            if (!Alive || Peer is null) return;
            var actions = Peer.TakeActions();
            if (actions.Count == 0) return;
            foreach (var action in actions) Execute(action);
        }
        sim.Violation($"host: server {Id}'s peer did not settle after 1000 rounds of actions");
    }

    private void Execute(PeerAction action)
    {
        switch (action)
        {
            case ElectionSend send:
                sim.Net.SendElection(this, sim.Server(send.To), send.Notification);
                break;
            case StartLeading:
                CountDesignation();
                InheritReconfig();
                _listening = true;
                sim.Count("leading");
                sim.Trace.Add($"s{Id}: LEADING, listening for learners");
                break;
            case ConnectToLeader connect:
                CountDesignation();
                sim.Trace.Add($"s{Id}: {(IsObserver ? "OBSERVING" : "FOLLOWING")} {connect.LeaderId}, connecting");
                ConnectToLeader(connect.LeaderId);
                break;
            case ZabStep step:
                ExecuteZab(step.Action);
                break;
            case RoleEnded ended:
                EndRole(ended);
                break;
            case NewerMembershipSeen seen:
                AdoptNewerMembership(seen);
                break;
        }
    }

    /// <summary>
    /// As QuorumService.ConnectToLeader: a refused connect fails fast, a partitioned one after the connect
    /// timeout; retry every second until initLimit ticks are gone, then report the leader lost.
    /// </summary>
    private void ConnectToLeader(long leaderId)
    {
        int generation = _roleGeneration;
        long deadline = sim.Clock.Now + sim.Options.Zab.InitTimeoutMs;
        void Attempt()
        {
            if (!Alive || generation != _roleGeneration) return;
            var leader = sim.Server(leaderId);
            bool reachable = sim.Net.CanTalk(Id, leaderId);
            long took = reachable ? sim.Net.Delay() * 2 : Math.Min(5_000, sim.Options.Zab.InitTimeoutMs);
            sim.Clock.After(took, () =>
            {
                if (!Alive || generation != _roleGeneration) return;
                bool ok = sim.Net.CanTalk(Id, leaderId) && leader.Alive && leader._listening && sim.Random.Next(20) != 0;
                if (ok)
                {
                    var c = sim.Net.Open(leader, this);
                    sim.Trace.Add($"s{Id}: connected to leader {leaderId} ({c})");
                    leader.Accept(c);
                    if (!Alive || generation != _roleGeneration) { sim.Net.Close(c, this); return; }
                    _leaderConnection = c;
                    Peer!.LeaderConnected(sim.Clock.Now);
                    Run();
                }
                else if (sim.Clock.Now + 1_000 > deadline)
                {
                    Peer!.LeaderLost($"cannot connect to the leader {leaderId}", sim.Clock.Now);
                    Run();
                }
                else
                {
                    sim.Clock.After(1_000, Attempt);
                }
            });
        }
        Attempt();
    }

    private void EndRole(RoleEnded ended)
    {
        sim.Trace.Add($"s{Id}: role {ended.Role} ends: {ended.Reason}");
        _roleGeneration++;
        _listening = false;
        foreach (var c in _learnerConnections.Values) sim.Net.Close(c, this);
        _learnerConnections.Clear();
        if (_leaderConnection is { } lc) sim.Net.Close(lc, this);
        _leaderConnection = null;
        // The sequencer's EndRole: clients go, and what was logged but never committed is applied, so the
        // state matches the log that the next election and sync go by.
        DropClients();
        ApplyThrough(Disk.LastZxid, answer: false);
        // QuorumService.EndRole waits for the log (FileTxnLog.WaitUntilDurable): the next role takes it as durable.
        Disk.SyncedThrough(Disk.LastSeq);
        Peer!.Restart(sim.Clock.Now);
    }

    private static string Hex(long zxid) => Keeper.Consensus.Zxid.Hex(zxid);
}
