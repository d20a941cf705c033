namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// State-machine safety, checked as it happens: whenever a server applies a commit or starts serving, the
/// txns it has applied must be a prefix of one committed sequence shared by all servers (or extend it), with
/// the same bytes under each zxid. A server's state may run ahead of what is committed only while it does
/// not serve (an uncommitted tail replayed at start-up or at the end of a role), so it is never compared then.
/// </summary>
internal sealed class SafetyMonitor(Simulation sim)
{
    private readonly List<(long Zxid, byte[] Data)> _committed = [];

    public int CommittedCount => _committed.Count;

    public IReadOnlyList<(long Zxid, byte[] Data)> Committed => _committed;

    public void CheckCommitted(SimServer server)
    {
        var applied = server.State.Applied;
        for (int i = server.Verified; i < applied.Count; i++)
        {
            var (zxid, data) = applied[i];
            if (i == _committed.Count)
            {
                if (i > 0 && zxid <= _committed[i - 1].Zxid)
                    sim.Violation($"safety: server {server.Id} committed 0x{zxid:x} after 0x{_committed[i - 1].Zxid:x}");
                _committed.Add((zxid, data));
                continue;
            }
            var (expectedZxid, expectedData) = _committed[i];
            if (zxid != expectedZxid || !data.AsSpan().SequenceEqual(expectedData))
            {
                sim.Violation($"safety: server {server.Id}'s txn #{i + 1} is 0x{zxid:x} {KvOp.Decode(data)}, " +
                              $"but the committed history has 0x{expectedZxid:x} {KvOp.Decode(expectedData)} there");
                return;
            }
        }
        server.Verified = applied.Count;
    }
}
