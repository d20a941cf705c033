using Keeper.Consensus.Quorum;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// One deterministic run: servers, clients, the network and the clock, all driven by one seeded
/// <see cref="System.Random"/>. Nothing real is used (no threads, sockets or clock), so a seed is a replay.
/// In the real-disk mode (<see cref="SimOptions.RealDisk"/>) each server's txn log, snapshots and epoch files are
/// real files in a temp directory of its own, written and read only from the simulation's one thread, so that
/// stays true (no file name or timing reaches the trace).
/// </summary>
internal sealed class Simulation : IDisposable
{
    private readonly Dictionary<long, SimServer> _byId = [];
    private readonly List<RealTxnLog> _realLogs = [];
    private string? _root;

    public Simulation(int seed, SimOptions options)
    {
        Seed = seed;
        Options = options;
        Random = new Random(seed);
        Clock = new EventQueue();
        Trace = new Trace(Clock);
        Net = new SimNetwork(Clock, Random, Trace, Count);
        Monitor = new SafetyMonitor(this);
        var voters = Enumerable.Range(1, options.Voters).Select(i => (long)i).ToArray();
        var observers = Enumerable.Range(options.Voters + 1, options.Observers).Select(i => (long)i).ToArray();
        Verifier = QuorumVerifier.OfIds(voters, observers);
        foreach (var id in voters.Concat(observers))
        {
            var server = new SimServer(this, id, observers.Contains(id), Verifier);
            Servers.Add(server);
            _byId[id] = server;
        }
        for (int c = 0; c < options.Clients; c++) Clients.Add(new SimClient(this, c));
    }

    /// <summary>KEEPER_SIM_VERBOSE=1: the trace also gets every election notification and Zab message (for replays).</summary>
    public bool Verbose { get; init; } = Environment.GetEnvironmentVariable("KEEPER_SIM_VERBOSE") == "1";

    public int Seed { get; }
    public SimOptions Options { get; }
    public Random Random { get; }
    public EventQueue Clock { get; }
    public Trace Trace { get; }
    public SimNetwork Net { get; }
    public SafetyMonitor Monitor { get; }
    public QuorumVerifier Verifier { get; }

    /// <summary>The membership each reconfig txn proposed carries, by zxid (what the real txn's data holds).</summary>
    public Dictionary<long, QuorumVerifier> ProposedMemberships { get; } = [];
    public List<SimServer> Servers { get; } = [];
    public List<SimClient> Clients { get; } = [];
    public ClientHistory History { get; } = new();

    /// <summary>Txns whose answer reached a client: they must survive everything.</summary>
    public Dictionary<long, byte[]> AcknowledgedTxns { get; } = [];

    /// <summary>How often interesting things happened (syncs by kind, crashes, elections), for summaries and scenario tests.</summary>
    public SortedDictionary<string, int> Counters { get; } = new(StringComparer.Ordinal);

    public void Count(string what) => Counters[what] = Counters.GetValueOrDefault(what) + 1;

    public SimServer Server(long id) => _byId[id];

    /// <summary>
    /// A server's disk: in memory, or in the real-disk mode its data dir under this run's temp directory, with the
    /// real txn log, snapshots and epoch files.
    /// </summary>
    public SimDisk CreateDisk(long id)
    {
        if (!Options.RealDisk) return new SimDisk();
        _root ??= Path.Combine(TempRoot, $"keeper-sim-{Environment.ProcessId}-{Seed}-{Guid.NewGuid():N}");
        string dataDir = Path.Combine(_root, $"s{id}");
        var log = new RealTxnLog(dataDir);
        _realLogs.Add(log);
        return new SimDisk(log, new RealSnapshots(dataDir), new RealEpochs(dataDir));
    }

    /// <summary>
    /// Where the real-disk mode's data dirs go: /dev/shm when there is one. On tmpfs an fsync costs nothing, and
    /// nothing is lost by it: what is durable is the simulation's decision, carried out by how a crash rewrites
    /// the files, never the machine's. (The epoch and snapshot writes fsync twice each: on a real disk they
    /// made the real-disk seeds over twice as slow.)
    /// </summary>
    public static string TempRoot => Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    /// <summary>Closes the real logs and deletes the temp directory.</summary>
    public void Dispose()
    {
        foreach (var log in _realLogs) log.Dispose();
        _realLogs.Clear();
        if (_root is not null && Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        _root = null;
    }

    public SimClient Client(int id) => Clients[id];

    public int Quorum => Verifier.Voters.Count / 2 + 1;

    /// <summary>A broken invariant: the run stops here, so the trace ends at the culprit.</summary>
    public void Violation(string what)
    {
        Trace.Add("VIOLATION " + what);
        throw new ViolationException(what);
    }

    public void Acknowledged(long zxid, byte[] data)
    {
        if (AcknowledgedTxns.TryGetValue(zxid, out var earlier) && !earlier.AsSpan().SequenceEqual(data))
            Violation($"client: two different txns were acknowledged as 0x{zxid:x}: {KvOp.Decode(earlier)} and {KvOp.Decode(data)}");
        AcknowledgedTxns[zxid] = data;
    }

    public void StartAll()
    {
        foreach (var s in Servers) Clock.After(Random.Next(0, 200), () => { if (!s.Alive) s.Start(); });
    }

    public void StartClients()
    {
        foreach (var c in Clients)
        {
            c.Stopped = false;
            c.Start();
        }
    }

    public void RunFor(long ms) => Clock.RunUntil(Clock.Now + ms, Options.MaxEvents);

    /// <summary>Runs in small steps until <paramref name="done"/> holds; false if <paramref name="boundMs"/> passes first.</summary>
    public bool RunUntil(Func<bool> done, long boundMs, long stepMs = 20)
    {
        long end = Clock.Now + boundMs;
        while (Clock.Now < end)
        {
            if (done()) return true;
            Clock.RunUntil(Math.Min(end, Clock.Now + stepMs), Options.MaxEvents);
        }
        return done();
    }

    /// <summary>A leader serves and a quorum of the voters of its membership (it included) serves under it.</summary>
    public SimServer? ServingLeader()
    {
        foreach (var s in Servers)
        {
            if (!s.IsServing || s.Peer!.Leader is null) continue;
            var voters = s.Membership.Voters;
            int serving = Servers.Count(f => f.IsServing && voters.Contains(f.Id) && f.Peer!.LeaderId == s.Id);
            if (serving * 2 > voters.Count) return s;
        }
        return null;
    }

    public bool AllServing() => Servers.All(s => s.IsServing) && ServingLeader() is { } l && Servers.All(s => s.Peer!.LeaderId == l.Id);

    /// <summary>Every partition healed, every crashed server restarted.</summary>
    public void HealAll()
    {
        Trace.Add("HEAL: partitions healed, crashed servers restart");
        Net.Heal();
        foreach (var s in Servers) if (!s.Alive) s.Start();
    }

    public void StopClients()
    {
        foreach (var c in Clients) c.Stopped = true;
    }
}

/// <summary>An invariant of the ensemble broke: the seed fails with this message.</summary>
internal sealed class ViolationException(string message) : Exception(message);
