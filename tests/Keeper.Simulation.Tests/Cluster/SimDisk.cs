using Keeper.Consensus.Zab;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// One server's data dir: the epoch files (written durably at once, as EpochFile does), at most one
/// snapshot (the state a SNAP sync installed) and the txn log after it. Appends become durable only when a
/// simulated fsync reaches them; a crash keeps a random prefix of the unsynced tail (writes that happened
/// to reach the platter) and tears the next one (recovery drops it, as a bad checksum makes it).
/// </summary>
internal sealed class SimDisk
{
    private readonly List<(Proposal Proposal, long Seq)> _log = [];
    private long _nextSeq;

    public long AcceptedEpoch { get; set; }
    public long CurrentEpoch { get; set; }

    /// <summary>The state a SNAP installed, with its zxid; null for an empty initial state.</summary>
    public ReplicaState? Snapshot { get; private set; }

    public int DurableCount { get; private set; }

    /// <summary>Bumped whenever the log is cut back or replaced, as FileTxnLog.Generation: older fsync notices are stale.</summary>
    public int Generation { get; private set; }

    public int Count => _log.Count;

    public long SnapshotZxid => Snapshot?.LastZxid ?? 0;

    public long LastZxid => _log.Count > 0 ? _log[^1].Proposal.Zxid : SnapshotZxid;

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
        return _nextSeq;
    }

    /// <summary>An fsync that started after write <paramref name="seq"/> finished: every write up to it is durable.</summary>
    public void SyncedThrough(long seq)
    {
        while (DurableCount < _log.Count && _log[DurableCount].Seq <= seq) DurableCount++;
    }

    public long DurableZxid => DurableCount > 0 ? _log[DurableCount - 1].Proposal.Zxid : SnapshotZxid;

    /// <summary>TRUNC: the log loses everything after <paramref name="zxid"/>; the file is rewritten, so what is left is durable.</summary>
    public void TruncateAfter(long zxid)
    {
        if (zxid < SnapshotZxid)
            throw new SimulationException($"truncate to 0x{zxid:x}, below the snapshot at 0x{SnapshotZxid:x}");
        int keep = _log.Count;
        while (keep > 0 && _log[keep - 1].Proposal.Zxid > zxid) keep--;
        _log.RemoveRange(keep, _log.Count - keep);
        DurableCount = _log.Count;
        Generation++;
    }

    /// <summary>SNAP: the leader's state replaces everything (saved as a snapshot, the log cut after it).</summary>
    public void InstallSnapshot(ReplicaState state)
    {
        Snapshot = state.Clone();
        _log.Clear();
        DurableCount = 0;
        Generation++;
    }

    /// <summary>Power loss: the unsynced tail survives only in part. Returns how many writes were lost.</summary>
    public int Crash(Random random)
    {
        int unsynced = _log.Count - DurableCount;
        int survive = unsynced == 0 ? 0 : random.Next(unsynced + 1);
        int lost = unsynced - survive;
        _log.RemoveRange(DurableCount + survive, lost);
        DurableCount = _log.Count;
        Generation++;
        return lost;
    }

    /// <summary>The state recovery builds: the snapshot, then every txn of the log replayed.</summary>
    public ReplicaState Recover()
    {
        var state = Snapshot?.Clone() ?? new ReplicaState();
        foreach (var (p, _) in _log) state.Apply(p.Zxid, p.Data);
        return state;
    }

    /// <summary>The last <paramref name="capacity"/> logged txns as a leader's sync window (the rest needs a SNAP).</summary>
    public ProposalWindow TailWindow(int capacity)
    {
        int start = Math.Max(0, _log.Count - capacity);
        long baseZxid = start > 0 ? _log[start - 1].Proposal.Zxid : SnapshotZxid;
        var window = new ProposalWindow(baseZxid, capacity);
        for (int i = start; i < _log.Count; i++) window.Add(_log[i].Proposal);
        return window;
    }
}
