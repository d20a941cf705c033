using Keeper.Consensus.Zab;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// One server's data dir: the epoch files (written durably at once, as EpochFile does), the snapshots SNAP
/// syncs installed (older ones are kept, as the real data dir keeps them) and the txn log. As in the real
/// host, a SNAP cuts the log after the snapshot's zxid but keeps what came before, so a later TRUNC below the
/// snapshot can rebuild an older state from an older snapshot and the log. Appends become durable only when a
/// simulated fsync reaches them; a crash keeps a random prefix of the unsynced tail (writes that happened
/// to reach the platter) and tears the next one (recovery drops it, as a bad checksum makes it).
/// <para>
/// With a <see cref="RealTxnLog"/> (the real-disk mode) every change to the log is also made to real txn log
/// files by the real storage code, and recovery reads the log back from them: the list here is then only the
/// expectation that the files must match (exactly the entries a crash kept, every durable one among them).
/// With <see cref="RealSnapshots"/> and <see cref="RealEpochs"/> too, snapshots and epochs are real files as
/// well, and a restart rebuilds from them with DataDirRecovery and EpochFile; what is kept here is again the
/// expectation they must match.
/// </para>
/// </summary>
internal sealed class SimDisk(RealTxnLog? real = null, RealSnapshots? snapshots = null, RealEpochs? epochs = null)
{
    private readonly List<(Proposal Proposal, long Seq)> _log = [];
    private long _nextSeq;
    private long _acceptedEpoch;
    private long _currentEpoch;

    /// <summary>Durable once set (EpochFile.Write fsyncs and renames before it returns).</summary>
    public long AcceptedEpoch
    {
        get => _acceptedEpoch;
        set
        {
            epochs?.WriteAccepted(value);
            _acceptedEpoch = value;
        }
    }

    public long CurrentEpoch
    {
        get => _currentEpoch;
        set
        {
            epochs?.WriteCurrent(value);
            _currentEpoch = value;
        }
    }

    /// <summary>
    /// Start-up, after <see cref="Recover"/>: the epochs as QuorumService.LoadEpochs reads them from the files
    /// (real-disk mode), which must hold exactly the last values written.
    /// </summary>
    public void LoadEpochs(long lastZxid)
    {
        if (epochs is null) return;
        var (accepted, current) = epochs.Load(lastZxid);
        if (accepted != _acceptedEpoch || current != _currentEpoch)
            throw new SimulationException($"storage: the epoch files hold {accepted}/{current}, but {_acceptedEpoch}/{_currentEpoch} were written");
        (_acceptedEpoch, _currentEpoch) = (accepted, current);
    }

    private readonly List<ReplicaState> _snapshots = [];

    /// <summary>The newest state a SNAP installed, with its zxid; null for an empty initial state.</summary>
    public ReplicaState? Snapshot => _snapshots.Count > 0 ? _snapshots[^1] : null;

    public int DurableCount { get; private set; }

    /// <summary>Bumped whenever the log is cut back or replaced, as FileTxnLog.Generation: older fsync notices are stale.</summary>
    public int Generation { get; private set; }

    public int Count => _log.Count;

    public long SnapshotZxid => Snapshot?.LastZxid ?? 0;

    public long LastZxid => Math.Max(_log.Count > 0 ? _log[^1].Proposal.Zxid : 0, SnapshotZxid);

    public IEnumerable<Proposal> Entries => _log.Select(e => e.Proposal);

    public long LastSeq => _nextSeq;

    /// <summary>The logged txns after <paramref name="zxid"/>, oldest first (a binary search to start).</summary>
    public IEnumerable<Proposal> EntriesAfter(long zxid)
    {
        int lo = 0, hi = _log.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_log[mid].Proposal.Zxid <= zxid) lo = mid + 1; else hi = mid;
        }
        for (int i = lo; i < _log.Count; i++) yield return _log[i].Proposal;
    }

    /// <summary>Appends and returns the write's sequence number, which an fsync completion names.</summary>
    public long Append(Proposal proposal)
    {
        if (proposal.Zxid <= LastZxid)
            throw new SimulationException($"append of 0x{proposal.Zxid:x} after 0x{LastZxid:x}");
        _log.Add((proposal, ++_nextSeq));
        real?.Append(proposal);
        return _nextSeq;
    }

    /// <summary>An fsync that started after write <paramref name="seq"/> finished: every write up to it is durable.</summary>
    public void SyncedThrough(long seq)
    {
        while (DurableCount < _log.Count && _log[DurableCount].Seq <= seq) DurableCount++;
    }

    public long DurableZxid => DurableCount > 0 ? _log[DurableCount - 1].Proposal.Zxid : SnapshotZxid;

    /// <summary>
    /// TRUNC: the log loses everything after <paramref name="zxid"/> and so do the snapshots (they may hold
    /// txns that never committed); the files are rewritten, so what is left is durable. Recovery then rebuilds
    /// from an older snapshot, which may end below <paramref name="zxid"/> (see QuorumService.TruncateTo).
    /// </summary>
    public void TruncateAfter(long zxid)
    {
        _snapshots.RemoveAll(s => s.LastZxid > zxid);
        real?.TruncateAfter(zxid);
        snapshots?.DeleteAfter(zxid);
        int keep = _log.Count;
        while (keep > 0 && _log[keep - 1].Proposal.Zxid > zxid) keep--;
        _log.RemoveRange(keep, _log.Count - keep);
        DurableCount = _log.Count;
        Generation++;
    }

    /// <summary>SNAP: the leader's state is saved as the newest snapshot and the log cut after it (older entries stay).</summary>
    public void InstallSnapshot(ReplicaState state)
    {
        // As QuorumService.OnSnapshot: the log is cut first, then the snapshot written.
        CutLogAfter(state.LastZxid);
        snapshots?.Save(state);
        _snapshots.Add(state.Clone());
    }

    /// <summary>
    /// Real-disk mode: SNAP, and power lost while the snapshot was being written (after the log cut). The
    /// snapshot survives only if the crash came after its rename. Returns what the crash left.
    /// </summary>
    public string InstallSnapshotTorn(ReplicaState state, Random random)
    {
        if (snapshots is null) throw new InvalidOperationException("a torn snapshot needs real snapshot files");
        CutLogAfter(state.LastZxid);
        var (survived, what) = snapshots.SaveTorn(state, random);
        if (survived) _snapshots.Add(state.Clone());
        return what;
    }

    private void CutLogAfter(long zxid)
    {
        real?.TruncateAfter(zxid);
        int keep = _log.Count;
        while (keep > 0 && _log[keep - 1].Proposal.Zxid > zxid) keep--;
        _log.RemoveRange(keep, _log.Count - keep);
        DurableCount = _log.Count;
        Generation++;
    }

    /// <summary>Power loss: the unsynced tail survives only in part. Returns how many writes were lost.</summary>
    public int Crash(Random random)
    {
        int unsynced = _log.Count - DurableCount;
        int survive = unsynced == 0 ? 0 : random.Next(unsynced + 1);
        int lost = unsynced - survive;
        LastTear = real?.Crash(random, DurableCount, survive);
        if (epochs?.Crash(random, _acceptedEpoch, _currentEpoch) is { } epochTear) LastTear = (LastTear is null ? "" : LastTear + "; ") + epochTear;
        _log.RemoveRange(DurableCount + survive, lost);
        DurableCount = _log.Count;
        Generation++;
        return lost;
    }

    /// <summary>Real-disk mode: how the last crash left the newest log file, and what recovery cut off.</summary>
    public string? LastTear { get; private set; }
    public string? LastRepair { get; private set; }

    /// <summary>Real-disk mode: how many temporary files of unfinished snapshots the last recovery removed.</summary>
    public int LastSnapshotLeftovers { get; private set; }

    /// <summary>The state recovery builds: the snapshot, then every txn of the log replayed.</summary>
    public ReplicaState Recover()
    {
        if (real is not null) ReadBack(real);
        ReplicaState state;
        if (snapshots is not null) (state, LastSnapshotLeftovers) = snapshots.Recover(Snapshot, LastZxid);
        else state = Snapshot?.Clone() ?? new ReplicaState();
        foreach (var (p, _) in _log) if (p.Zxid > state.LastZxid) state.Apply(p.Zxid, p.Data);
        return state;
    }

    /// <summary>
    /// The real log read back must be exactly what this disk says survived: every durable entry and the
    /// surviving unsynced ones, byte for byte, and nothing else (no torn entry taken as whole, no durable one lost).
    /// </summary>
    private void ReadBack(RealTxnLog log)
    {
        var (entries, torn) = log.Recover(SnapshotZxid);
        LastRepair = torn;
        int same = 0;
        while (same < entries.Count && same < _log.Count && entries[same].Zxid == _log[same].Proposal.Zxid &&
               entries[same].Data.AsSpan().SequenceEqual(_log[same].Proposal.Data)) same++;
        if (same != entries.Count || same != _log.Count)
        {
            string Describe(IEnumerable<Proposal> ps) => string.Join(" ", ps.Skip(Math.Max(0, same - 2)).Take(6).Select(p => $"0x{p.Zxid:x}"));
            throw new SimulationException(
                $"storage: recovery read {entries.Count} txns from {log.Dir} but {_log.Count} survived the crash " +
                $"({DurableCount} durable); they differ from #{same + 1}: read [{Describe(entries)}], expected [{Describe(Entries)}]" +
                (torn is null ? "" : $"; repaired {torn}") + (LastTear is null ? "" : $"; the crash left {LastTear}"));
        }
    }

    /// <summary>The last <paramref name="capacity"/> logged txns as a leader's sync window (the rest needs a SNAP).</summary>
    public ProposalWindow TailWindow(int capacity)
    {
        // Only the history after the newest snapshot is contiguous (entries before it may stop short of it).
        int first = 0;
        while (first < _log.Count && _log[first].Proposal.Zxid <= SnapshotZxid) first++;
        int start = Math.Max(first, _log.Count - capacity);
        long baseZxid = start > first ? _log[start - 1].Proposal.Zxid : SnapshotZxid;
        var window = new ProposalWindow(baseZxid, capacity);
        for (int i = start; i < _log.Count; i++) window.Add(_log[i].Proposal);
        return window;
    }
}
