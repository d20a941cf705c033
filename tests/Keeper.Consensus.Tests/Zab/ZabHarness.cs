using Keeper.Consensus.Zab;

namespace Keeper.Consensus.Tests.Zab;

/// <summary>
/// One leader and its learners wired by in-order links (TCP-like), with a toy disk per server: a log of
/// proposals, a durable mark and an applied mark. Every message crossing a link is written to
/// <see cref="Transcript"/> as "L>2 DIFF 0x0" / "2>L ACK 0x100000001", so tests can state exchanges as text.
/// Deterministic: nothing happens unless a test calls a method.
/// </summary>
internal sealed class ZabHarness
{
    private readonly Dictionary<long, Queue<ZabMessage>> _toLearner = [];
    private readonly Dictionary<long, Queue<ZabMessage>> _toLeader = [];
    private readonly Dictionary<long, (long Zxid, List<Proposal> State)> _snapshotsInFlight = [];

    public ZabHarness(long leaderId, long[] voters, long[] observers, Dictionary<long, Disk> disks, ZabOptions? options = null,
        MembershipChange? inherited = null)
    {
        Options = options ?? new ZabOptions(TickTime: 100, InitLimit: 10, SyncLimit: 5, HistoryCapacity: 100);
        LeaderId = leaderId;
        Disks = disks;
        foreach (var id in voters.Concat(observers)) if (!Disks.ContainsKey(id)) Disks[id] = new Disk();
        var leaderDisk = Disks[leaderId];
        var window = new ProposalWindow(leaderDisk.WindowBase, Options.HistoryCapacity);
        foreach (var p in leaderDisk.Log) if (p.Zxid > leaderDisk.WindowBase) window.Add(p);
        Leader = new Leader(leaderId, voters.ToHashSet(), observers.ToHashSet(), leaderDisk.History, window, Options, inherited);
        foreach (var id in voters.Concat(observers).Where(id => id != leaderId))
            Learners[id] = new Learner(id, observers.Contains(id), Disks[id].History, Options);
    }

    public ZabOptions Options { get; }
    public long LeaderId { get; }
    public Leader Leader { get; }
    public Dictionary<long, Learner> Learners { get; } = [];
    public Dictionary<long, Disk> Disks { get; }
    public List<string> Transcript { get; } = [];
    public List<string> Events { get; } = [];
    public long Now { get; set; }

    /// <summary>Servers whose log does not report durability by itself (their fsync is "slow").</summary>
    public HashSet<long> SlowDisks { get; } = [];

    /// <summary>Links that currently lose everything sent on them (both directions).</summary>
    public HashSet<long> Cut { get; } = [];

    public void StartLeader()
    {
        Leader.Start(Now);
        Pump();
    }

    public void Connect(long sid)
    {
        _toLearner[sid] = new();
        _toLeader[sid] = new();
        Leader.Connected(sid, Now);
        Learners[sid].Start(Now);
        Pump();
    }

    /// <summary>A reconfig txn whose membership has these voters and observers.</summary>
    public void ProposeReconfig(long[] voters, long[]? observers = null)
    {
        var zxid = Leader.NextZxid;
        Leader.ProposeReconfig(new Proposal(zxid, [16]), voters.ToHashSet(), (observers ?? []).ToHashSet());
        Pump();
    }

    public void Propose(byte tag = 0)
    {
        var zxid = Leader.NextZxid;
        Leader.Propose(new Proposal(zxid, [tag]));
        Pump();
    }

    /// <summary>The slow disk of <paramref name="sid"/> catches up: everything it logged is durable.</summary>
    public void Flush(long sid)
    {
        var disk = Disks[sid];
        disk.Durable = disk.LastLogged;
        if (sid == LeaderId) Leader.Logged(disk.Durable); else Learners[sid].Logged(disk.Durable);
        Pump();
    }

    public void Advance(long ms)
    {
        Now += ms;
        Leader.Tick(Now);
        foreach (var l in Learners.Values) l.Tick(Now);
        Pump();
    }

    /// <summary>Runs every pending action and delivers every queued message until nothing moves (bounded).</summary>
    public void Pump()
    {
        for (int round = 0; round < 10_000; round++)
        {
            bool moved = RunLeaderActions();
            foreach (var (sid, learner) in Learners) moved |= RunLearnerActions(sid, learner);
            foreach (var (sid, queue) in _toLearner)
                if (queue.TryDequeue(out var m)) { Deliver(sid, m); moved = true; }
            foreach (var (sid, queue) in _toLeader)
                if (queue.TryDequeue(out var m)) { Leader.Receive(sid, m, Now); moved = true; }
            if (!moved) return;
        }
        throw new InvalidOperationException("the exchange did not settle");
    }

    private void Deliver(long sid, ZabMessage message)
    {
        if (message is Snap snap && _snapshotsInFlight.Remove(sid, out var s))
        {
            var disk = Disks[sid];
            disk.Log.Clear();
            disk.Log.AddRange(s.State);
            disk.Durable = disk.Applied = s.Zxid;
        }
        Learners[sid].Receive(message, Now);
    }

    private bool RunLeaderActions()
    {
        var actions = Leader.TakeActions();
        var disk = Disks[LeaderId];
        foreach (var action in actions)
        {
            switch (action)
            {
                case Send send:
                    if (Cut.Contains(send.Connection) || !_toLearner.ContainsKey(send.Connection)) break;
                    Transcript.Add($"L>{send.Connection} {Describe(send.Message)}");
                    _toLearner[send.Connection].Enqueue(send.Message);
                    break;
                case SendSnapshot snap:
                    Transcript.Add($"L>{snap.Connection} SNAP 0x{snap.Zxid:x}");
                    _snapshotsInFlight[snap.Connection] = (snap.Zxid, disk.Log.Where(p => p.Zxid <= disk.Applied).ToList());
                    _toLearner[snap.Connection].Enqueue(new Snap(snap.Zxid));
                    break;
                case Disconnect d:
                    Events.Add($"L drops {d.Connection}: {d.Reason}");
                    _toLearner.Remove(d.Connection);
                    _toLeader.Remove(d.Connection);
                    break;
                case ZabAction other:
                    RunDiskAction(LeaderId, other, zxid => Leader.Logged(zxid));
                    break;
            }
        }
        return actions.Count > 0;
    }

    private bool RunLearnerActions(long sid, Learner learner)
    {
        var actions = learner.TakeActions();
        foreach (var action in actions)
        {
            if (action is Send send)
            {
                if (Cut.Contains(sid) || !_toLeader.TryGetValue(sid, out var queue)) continue;
                Transcript.Add($"{sid}>L {Describe(send.Message)}");
                queue.Enqueue(send.Message);
            }
            else if (action is AnswerPing ping)
            {
                if (Cut.Contains(sid) || !_toLeader.TryGetValue(sid, out var queue)) continue;
                queue.Enqueue(new Ping(ping.Zxid));
            }
            else RunDiskAction(sid, action, zxid => learner.Logged(zxid));
        }
        return actions.Count > 0;
    }

    private void RunDiskAction(long sid, ZabAction action, Action<long> logged)
    {
        var disk = Disks[sid];
        switch (action)
        {
            case PersistAcceptedEpoch a: disk.AcceptedEpoch = a.Epoch; break;
            case PersistCurrentEpoch c: disk.CurrentEpoch = c.Epoch; break;
            case Append append:
                disk.Log.Add(append.Proposal);
                if (!SlowDisks.Contains(sid)) { disk.Durable = append.Proposal.Zxid; logged(disk.Durable); }
                break;
            case Truncate t:
                disk.Log.RemoveAll(p => p.Zxid > t.Zxid);
                disk.Durable = Math.Min(disk.Durable, t.Zxid);
                disk.Applied = Math.Min(disk.Applied, t.Zxid);
                Events.Add($"{sid} truncates to 0x{t.Zxid:x}");
                break;
            case ApplyCommitted apply:
                if (!disk.Log.Any(p => p.Zxid == apply.Zxid)) throw new InvalidOperationException($"{sid} applies 0x{apply.Zxid:x} it never logged");
                disk.Applied = apply.Zxid;
                break;
            case StartServing s: Events.Add($"{Name(sid)} serves epoch {s.Epoch}"); break;
            case SyncReady: Events.Add($"{Name(sid)} sync ready"); break;
            case SyncAnswered: Events.Add($"{sid} sync answered"); break;
            case Fail f: Events.Add($"{Name(sid)} fails: {f.Reason}"); break;
            case Activated a: Events.Add($"{Name(sid)} activates 0x{a.Zxid:x} led by {a.DesignatedLeader}"); break;
        }
    }

    private string Name(long sid) => sid == LeaderId ? "L" : sid.ToString();

    private static string Describe(ZabMessage m) => m switch
    {
        LearnerHello h => $"{(h.IsObserver ? "OBSERVERINFO" : "FOLLOWERINFO")} sid={h.Sid} accepted={h.AcceptedEpoch}",
        LeaderInfo i => $"LEADERINFO epoch={i.NewEpoch}",
        AckEpoch a => $"ACKEPOCH last=0x{a.LastLoggedZxid:x} epoch={a.CurrentEpoch}",
        Diff d => $"DIFF 0x{d.Zxid:x}",
        Trunc t => $"TRUNC 0x{t.Zxid:x}",
        ProposalMessage p => $"PROPOSAL 0x{p.Proposal.Zxid:x}",
        Commit c => $"COMMIT 0x{c.Zxid:x}",
        CommitAndActivate c => $"COMMITANDACTIVATE 0x{c.Zxid:x} leader={c.DesignatedLeader}",
        InformAndActivate i => $"INFORMANDACTIVATE 0x{i.Proposal.Zxid:x} leader={i.DesignatedLeader}",
        Inform i => $"INFORM 0x{i.Proposal.Zxid:x}",
        NewLeader n => $"NEWLEADER 0x{n.Zxid:x}",
        UpToDate => "UPTODATE",
        Ack a => $"ACK 0x{a.Zxid:x}",
        Ping p => $"PING 0x{p.Zxid:x}",
        SyncRequest => "SYNC?",
        SyncDone => "SYNC",
        _ => m.GetType().Name,
    };
}

/// <summary>A server's persistent Zab state in the harness.</summary>
internal sealed class Disk
{
    public long AcceptedEpoch { get; set; }
    public long CurrentEpoch { get; set; }
    public List<Proposal> Log { get; } = [];
    public long Durable { get; set; }
    public long Applied { get; set; }

    /// <summary>For a leader: the zxid below which it cannot diff (a snapshot boundary).</summary>
    public long WindowBase { get; set; }

    public long LastLogged => Log.Count == 0 ? Math.Max(Durable, WindowBase) : Log[^1].Zxid;

    public PeerHistory History => new(AcceptedEpoch, CurrentEpoch, LastLogged);

    /// <summary>A disk that holds these zxids, all durable and applied, in the given epochs.</summary>
    public static Disk With(long acceptedEpoch, long currentEpoch, params long[] zxids)
    {
        var disk = new Disk { AcceptedEpoch = acceptedEpoch, CurrentEpoch = currentEpoch };
        foreach (var z in zxids) disk.Log.Add(new Proposal(z, [0]));
        disk.Durable = disk.Applied = disk.LastLogged;
        return disk;
    }
}
