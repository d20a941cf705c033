using Keeper.Consensus.Zab;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>The host's side of Zab's actions: sends, the log and its fsyncs, applying, syncing state.</summary>
internal sealed partial class SimServer
{
    private void ExecuteZab(ZabAction action)
    {
        switch (action)
        {
            case Send send:
                SendZab(send.Connection, send.Message);
                break;
            case SendSnapshot snap:
                SendSnapshot(snap.Connection, snap.Zxid);
                break;
            case Disconnect d:
                if (_learnerConnections.Remove(d.Connection, out var dropped))
                {
                    sim.Trace.Add($"s{Id}: drops {dropped}: {d.Reason}");
                    sim.Net.Close(dropped, this);
                }
                break;
            case PersistAcceptedEpoch a:
                Disk.AcceptedEpoch = a.Epoch;
                break;
            case PersistCurrentEpoch c:
                Disk.CurrentEpoch = c.Epoch;
                break;
            case Append append:
                Disk.Append(append.Proposal);
                StartFsync();
                break;
            case Truncate t:
                sim.Trace.Add($"s{Id}: truncates to {Hex(t.Zxid)} (log was to {Hex(Disk.LastZxid)})");
                Disk.TruncateAfter(t.Zxid);
                // QuorumService.TruncateTo: the state is rebuilt from what is left on disk; when that ends below
                // the TRUNC point (a SNAP from a failed leader replaced the history in between), the role is
                // given up and the next sync starts from what the disk really holds.
                State = Disk.Recover();
                Verified = 0;
                if (State.LastZxid != t.Zxid)
                {
                    sim.Trace.Add($"s{Id}: cannot truncate to {Hex(t.Zxid)}, the disk holds history up to {Hex(State.LastZxid)}");
                    Peer!.LeaderLost($"cannot truncate to {Hex(t.Zxid)}", sim.Clock.Now);
                }
                break;
            case ApplyCommitted apply:
                if (apply.Zxid > Disk.LastZxid)
                    sim.Violation($"zab: server {Id} told to apply {Hex(apply.Zxid)}, beyond its log at {Hex(Disk.LastZxid)}");
                ApplyThrough(apply.Zxid, answer: true);
                // A commit during sync is the new leader's history, committed only once its epoch starts
                // (a failed epoch's learner truncates it later), so it counts from StartServing on.
                if (Peer!.IsServing) sim.Monitor.CheckCommitted(this);
                break;
            case StartServing serving:
                sim.Trace.Add($"s{Id}: SERVING epoch {serving.Epoch} as {Peer!.Role} (state at {Hex(State.LastZxid)})");
                ActivateNewLeaderMembership();
                // Serving means the whole state is the committed history of the new epoch.
                sim.Monitor.CheckCommitted(this);
                break;
            case AnswerPing ping:
                SendZab(0, new Ping(ping.Zxid));
                break;
            case SyncAnswered or SyncReady:
                break; // no client syncs here: reads go through the log
            case Activated activated:
                Activate(activated);
                break;
        }
    }

    private void SendZab(long connection, ZabMessage message)
    {
        if (connection == 0)
        {
            if (_leaderConnection is { } c) sim.Net.Send(c, toLeader: true, new ZabWire(message));
        }
        else if (_learnerConnections.TryGetValue(connection, out var c))
        {
            switch (message)
            {
                case Diff d: sim.Count("DIFF"); sim.Count($"DIFF to s{c.Learner.Id}"); sim.Trace.Add($"s{Id}: DIFF {Hex(d.Zxid)} to s{c.Learner.Id}"); break;
                case Trunc t: sim.Count("TRUNC"); sim.Trace.Add($"s{Id}: TRUNC {Hex(t.Zxid)} to s{c.Learner.Id}"); break;
                case NewLeader n:
                    // NEWLEADER's data: the membership the epoch runs with (QuorumService.NewLeaderConfig).
                    sim.Trace.Add($"s{Id}: NEWLEADER to s{c.Learner.Id}");
                    sim.Net.Send(c, toLeader: false, new NewLeaderWire(n, Peer!.Leader?.IsServing == true ? Membership.Version : _newLeaderMembership));
                    return;
            }
            sim.Net.Send(c, toLeader: false, new ZabWire(message));
        }
    }

    /// <summary>The leader's applied state at this instant, which Zab promises is exactly the state at <paramref name="zxid"/>.</summary>
    private void SendSnapshot(long connection, long zxid)
    {
        if (!_learnerConnections.TryGetValue(connection, out var c)) return;
        if (State.LastZxid != zxid)
            sim.Violation($"zab: server {Id} sends SNAP {Hex(zxid)} but its applied state is at {Hex(State.LastZxid)}");
        sim.Count("SNAP");
        sim.Count($"SNAP to s{c.Learner.Id}");
        sim.Trace.Add($"s{Id}: SNAP {Hex(zxid)} to s{c.Learner.Id}");
        sim.Net.Send(c, toLeader: false, new SnapshotWire(zxid, State.Clone()));
    }

    /// <summary>QuorumService.OnSnapshot: saved as a snapshot, the log cut, the state replaced; then SNAP to Zab.</summary>
    private void OnSnapshot(SnapshotWire snap)
    {
        if (sim.Options.RealDisk && sim.Clock.Now < sim.Options.ChaosMs && sim.Random.Next(5) == 0)
        {
            CrashWritingSnapshot(snap);
            return;
        }
        Disk.InstallSnapshot(snap.State);
        State = snap.State.Clone();
        Verified = 0;
        Peer!.LeaderMessage(new Snap(snap.Zxid), sim.Clock.Now);
    }

    /// <summary>
    /// Real-disk mode, while chaos lasts: power fails while the SNAP's snapshot is being written (the log already
    /// cut after it), leaving what SnapshotFileWriter leaves at that point; the server restarts later, as after
    /// any crash, and recovery must cope with the leftovers.
    /// </summary>
    private void CrashWritingSnapshot(SnapshotWire snap)
    {
        string what = Disk.InstallSnapshotTorn(snap.State, sim.Random);
        sim.Count("crash writing a snapshot");
        sim.Trace.Add($"s{Id}: SNAP {Hex(snap.Zxid)} received; power fails while it is saved: {what}");
        Crash();
        long restartAt = sim.Clock.Now + sim.Random.Next(100, 5_000);
        if (restartAt < sim.Options.ChaosMs) sim.Clock.At(restartAt, () => { if (!Alive) Start(); });
    }

    /// <summary>
    /// One fsync at a time, covering every write made before it started (group commit); when it ends, the
    /// log reports durability as FileTxnLog does — unless the log was cut back meanwhile (stale generation).
    /// </summary>
    private void StartFsync()
    {
        if (_fsyncBusy) return;
        _fsyncBusy = true;
        int incarnation = Incarnation, generation = Disk.Generation;
        long through = Disk.LastSeq;
        sim.Clock.After(sim.Random.Next(10) == 0 ? sim.Random.Next(30, 300) : sim.Random.Next(1, 15), () =>
        {
            if (!Alive || incarnation != Incarnation) return;
            _fsyncBusy = false;
            Disk.SyncedThrough(through);
            if (generation == Disk.Generation && Peer is { } peer)
            {
                peer.Logged(Disk.DurableZxid, sim.Clock.Now);
                Run();
            }
            if (Disk.DurableCount < Disk.Count) StartFsync();
        });
    }

    /// <summary>Applies logged txns up to <paramref name="zxid"/>, in order, answering our clients' requests.</summary>
    private void ApplyThrough(long zxid, bool answer)
    {
        foreach (var p in Disk.EntriesAfter(State.LastZxid))
        {
            if (p.Zxid > zxid) break;
            var result = State.Apply(p.Zxid, p.Data);
            if (answer) Answer(p, result);
        }
    }
}
