namespace Keeper.Consensus.Zab;

/// <summary>
/// The leader's recent committed history: every proposal with a zxid in (<see cref="BaseZxid"/>, <see cref="LastZxid"/>],
/// in order. A learner whose last zxid lies inside the window is brought up to date with a DIFF (and a TRUNC
/// first if it holds a txn the leader never had); one further behind gets a SNAP. ZooKeeper keeps 500
/// committed proposals in memory; the capacity here is an option.
/// </summary>
internal sealed class ProposalWindow
{
    private readonly List<Proposal> _proposals = [];
    private readonly int _capacity;
    private int _start; // proposals before this index have been dropped (compacted lazily)

    /// <param name="baseZxid">The zxid the window starts after (a state the caller can no longer diff from below).</param>
    public ProposalWindow(long baseZxid, int capacity)
    {
        BaseZxid = baseZxid;
        LastZxid = baseZxid;
        _capacity = Math.Max(1, capacity);
    }

    public long BaseZxid { get; private set; }
    public long LastZxid { get; private set; }
    public int Count => _proposals.Count - _start;

    public void Add(Proposal proposal)
    {
        if (proposal.Zxid <= LastZxid)
            throw new InvalidOperationException($"proposal 0x{proposal.Zxid:x} is not after 0x{LastZxid:x}");
        _proposals.Add(proposal);
        LastZxid = proposal.Zxid;
        if (Count > _capacity)
        {
            BaseZxid = _proposals[_start].Zxid;
            _start++;
            if (_start > _capacity) { _proposals.RemoveRange(0, _start); _start = 0; }
        }
    }

    /// <summary>Whether a learner that logged exactly up to <paramref name="zxid"/> can be brought up to date from here.</summary>
    public bool Covers(long zxid) => zxid >= BaseZxid && zxid <= LastZxid;

    /// <summary>Whether this exact zxid is the window's base or one of its proposals.</summary>
    public bool Holds(long zxid) => zxid == BaseZxid || IndexOf(zxid) >= 0;

    /// <summary>The largest zxid this window knows (base included) that is below <paramref name="zxid"/>.</summary>
    public long Floor(long zxid)
    {
        long floor = BaseZxid;
        for (int i = _start; i < _proposals.Count && _proposals[i].Zxid < zxid; i++) floor = _proposals[i].Zxid;
        return floor;
    }

    /// <summary>The proposals after <paramref name="zxid"/>, oldest first.</summary>
    public IEnumerable<Proposal> After(long zxid)
    {
        for (int i = _start; i < _proposals.Count; i++)
            if (_proposals[i].Zxid > zxid) yield return _proposals[i];
    }

    private int IndexOf(long zxid)
    {
        int lo = _start, hi = _proposals.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long z = _proposals[mid].Zxid;
            if (z == zxid) return mid;
            if (z < zxid) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }
}
