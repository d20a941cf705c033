using Keeper.Consensus.Election;
using Keeper.Consensus.Quorum;

namespace Keeper.Consensus.Tests.Election;

/// <summary>
/// N FastLeaderElection instances on an in-memory network driven by one seeded Random: random start times,
/// delays (hence reordering), drops and duplicates, in virtual time. Optionally a stand-in for Zab's discovery
/// phase sends a server back to LOOKING when its decision does not hold up (a follower whose leader is not
/// leading, a leader without a quorum of followers), as Apache's Follower/Leader do after initLimit.
/// </summary>
internal sealed class ElectionSimulation
{
    internal sealed record Network(
        int StartSpread, int MinDelay, int MaxDelay, double Drop, double Duplicate, bool ZabRetries, int ZabTimeout = 1000);

    internal sealed record Decided(long Id, ServerState Role, Vote Vote, long At);

    private readonly Random _random;
    private readonly Network _network;
    private readonly PriorityQueue<Action, (long Time, long Seq)> _events = new();
    private readonly Dictionary<long, long?> _scheduledTick = new();
    private readonly Dictionary<long, int> _decisionCount = new();
    private readonly HashSet<long> _up = new();
    private readonly Dictionary<long, long> _startAt = new();
    private long _seq;

    public ElectionSimulation(int seed, int voters, int observers, Network network)
    {
        _random = new Random(seed);
        _network = network;
        var voterIds = Enumerable.Range(1, voters).Select(i => (long)i).ToArray();
        var observerIds = Enumerable.Range(voters + 1, observers).Select(i => (long)i).ToArray();
        Verifier = QuorumVerifier.OfIds(voterIds, observerIds);
        foreach (var id in voterIds.Concat(observerIds))
        {
            var epoch = _random.Next(0, 3);
            Initial[id] = new Vote(id, Zxid.Make(epoch, _random.Next(0, 4)), 0, epoch);
            Servers[id] = new FastLeaderElection(id, Verifier);
            _decisionCount[id] = 0;
            var server = Servers[id];
            var start = _random.Next(0, network.StartSpread + 1);
            _startAt[id] = start;
            Schedule(start, () =>
            {
                _up.Add(id);
                Log?.Add($"{Now} {id} starts {Initial[id]}");
                server.StartLooking(Initial[id].Zxid, Initial[id].PeerEpoch, Now);
            });
        }
    }

    public QuorumVerifier Verifier { get; }
    public SortedDictionary<long, FastLeaderElection> Servers { get; } = new();
    public Dictionary<long, Vote> Initial { get; } = new();
    public List<Decided> Decisions { get; } = new();
    public long Now { get; private set; }
    public int Steps { get; private set; }

    /// <summary>When set, every delivery, decision and restart is written here (for replaying a failing seed).</summary>
    public List<string>? Log { get; set; }

    /// <summary>Runs until everyone has decided and no decision is still being checked; false if a bound is hit first.</summary>
    public bool Run(int maxSteps, long maxTime)
    {
        while (Steps < maxSteps && Now <= maxTime)
        {
            if (Stable())
                return true;
            if (!_events.TryDequeue(out var action, out var when))
                return false;
            Now = when.Time;
            Steps++;
            action();
        }
        return false;
    }

    private void Schedule(long at, Action action) => _events.Enqueue(() => { action(); AfterStep(); }, (at, _seq++));

    private void AfterStep()
    {
        foreach (var (id, server) in Servers)
        {
            foreach (var output in server.TakeOutputs())
            {
                switch (output)
                {
                    case SendNotification send:
                        Transmit(id, send.To, send.Notification);
                        break;
                    case Decision decision:
                        Decisions.Add(new Decided(id, decision.Role, decision.Vote, Now));
                        Log?.Add($"{Now} {id} decides {decision.Role} {decision.Vote}");
                        var count = ++_decisionCount[id];
                        if (_network.ZabRetries)
                            ScheduleCheck(id, count);
                        break;
                }
            }
            var due = server.NextDeadline;
            if (due is not null && _scheduledTick.GetValueOrDefault(id) != due)
            {
                _scheduledTick[id] = due;
                _events.Enqueue(() => { server.Tick(Now); AfterStep(); }, (due.Value, _seq++));
            }
        }
    }

    private void Transmit(long from, long to, Notification n)
    {
        var copies = _random.NextDouble() < _network.Drop ? 0 : _random.NextDouble() < _network.Duplicate ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            Deliver(from, to, n, Now + _random.Next(_network.MinDelay, _network.MaxDelay + 1));
        }
    }

    private void Deliver(long from, long to, Notification n, long at)
    {
        _events.Enqueue(() =>
        {
            if (_up.Contains(to))
            {
                Log?.Add($"{Now} {from}->{to} {n.State} {n.Vote}");
                Servers[to].Receive(from, n, Now);
                AfterStep();
            }
            else
            {
                // QuorumCnxManager keeps what it could not send yet and sends it once the peer connects. Without
                // this a server whose first broadcast found nobody up may never resend: Apache resends only
                // after a notification interval in which nothing at all arrived.
                Deliver(from, to, n, _startAt[to] + _random.Next(_network.MinDelay, _network.MaxDelay + 1));
            }
        }, (at, _seq++));
    }

    private void ScheduleCheck(long id, int decisionNumber) =>
        _events.Enqueue(() => { CheckDecision(id, decisionNumber); AfterStep(); }, (Now + _network.ZabTimeout, _seq++));

    /// <summary>Everyone up and decided, for one leader that is itself LEADING.</summary>
    public bool Stable()
    {
        if (_up.Count < Servers.Count || Servers.Values.Any(s => s.State == ServerState.Looking))
            return false;
        var leader = Servers.Values.First().CurrentVote.Leader;
        return Servers.Values.All(s => s.CurrentVote.Leader == leader) && Servers[leader].State == ServerState.Leading;
    }

    // Zab's stand-in, repeated while the decision stands: a leader keeps a quorum of followers or steps down
    // (syncLimit), a follower keeps a leading leader or goes back to LOOKING (initLimit).
    private void CheckDecision(long id, int decisionNumber)
    {
        var server = Servers[id];
        if (_decisionCount[id] != decisionNumber || server.State == ServerState.Looking)
            return;
        var leader = server.CurrentVote.Leader;
        var holds = server.State == ServerState.Leading
            ? Verifier.ContainsQuorum(Servers.Where(p => p.Value.State is ServerState.Leading or ServerState.Following
                                                        && p.Value.CurrentVote.Leader == id).Select(p => p.Key))
            : Servers[leader].State == ServerState.Leading;
        if (holds)
        {
            ScheduleCheck(id, decisionNumber);
        }
        else
        {
            Log?.Add($"{Now} {id} gives up on {server.State} {server.CurrentVote}");
            server.StartLooking(Initial[id].Zxid, Initial[id].PeerEpoch, Now);
        }
    }

    /// <summary>Whether <paramref name="leader"/>'s (epoch, zxid, id) is at least that of more than half of the voters.</summary>
    public bool IsMaximumOfSomeQuorum(long leader)
    {
        var l = Initial[leader];
        return Verifier.ContainsQuorum(Verifier.Voters.Where(v => v == leader || l.Beats(Initial[v])));
    }
}
