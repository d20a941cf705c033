using Keeper.Core;
using Keeper.Server.Logging;
using Keeper.Storage.Digest;
using Keeper.Storage.Layout;
using Keeper.Storage.Snapshots;

namespace Keeper.Server.Persistence;

/// <summary>
/// Takes fuzzy snapshots without stopping writes: the sequencer thread (which owns the tree) calls
/// <see cref="Slice"/> between commands, each writing a bounded number of nodes, so client requests keep
/// flowing while the snapshot is written. Each node is written as it is when its turn comes; replaying the
/// log from the snapshot's zxid repairs whatever changed meanwhile (ZooKeeper's fuzzy snapshot). The final
/// file is assembled and fsynced off the sequencer thread.
/// </summary>
internal sealed class FuzzySnapshotter(DataDirLayout layout)
{
    private static readonly Logger Log = Logging.Log.For<FuzzySnapshotter>();
    private const int NodesPerSlice = 2000;

    private SnapshotFileWriter? _writer;
    private FuzzySnapshotCursor? _cursor;
    private Task? _completing;

    /// <summary>Whether the sequencer should keep calling <see cref="Slice"/>.</summary>
    public bool IsWalking => _cursor is not null;

    /// <summary>Time from the start of a snapshot to its file being durable, in ms (mntr's snapshottime).</summary>
    public SummaryCounter SnapshotTime { get; } = new();

    private long _startedAt;

    public void Begin(StateMachine state)
    {
        if (_cursor is not null || _completing is { IsCompleted: false })
        {
            Log.Warn("Too busy to snap, skipping");
            return;
        }
        long zxid = state.LastProcessedZxid;
        Log.Info($"Creating new snapshot 0x{zxid:x}");
        var sessions = state.Sessions.Sessions.Select(s => (s.Id, s.Timeout)).ToList();
        _writer = SnapshotFileWriter.Begin(layout, zxid, sessions);
        _cursor = new FuzzySnapshotCursor(state.Tree, _writer);
        _startedAt = Environment.TickCount64;
    }

    public void Slice(StateMachine state)
    {
        if (_cursor is null || _writer is null) return;
        if (!_cursor.WriteNext(NodesPerSlice)) return;
        var digest = new ZxidDigest(state.LastProcessedZxid, SnapshotFormat.DigestVersion, DigestCalculator.Compute(state.Tree));
        var writer = _writer;
        long startedAt = _startedAt;
        _cursor.Dispose();
        _cursor = null;
        _writer = null;
        _completing = Task.Run(() =>
        {
            try
            {
                var path = writer.Complete(digest);
                SnapshotTime.Add(Environment.TickCount64 - startedAt);
                Log.Info($"Snapshot written: {path}");
            }
            catch (Exception e)
            {
                // A failed snapshot loses nothing (the log still has every txn); the next one will retry.
                Log.Error($"Failed to write snapshot 0x{writer.Zxid:x}: {e.Message}");
                writer.Dispose();
            }
        });
    }

    /// <summary>Drops a snapshot still being walked: the state it was reading is being replaced or rolled back.</summary>
    public void Abandon()
    {
        if (_cursor is null) return;
        _cursor.Dispose();
        _cursor = null;
        _writer?.Dispose();
        _writer = null;
        Log.Info("Abandoned the snapshot in progress: the state is being replaced");
    }

    /// <summary>Waits for a snapshot being written to finish (shutdown).</summary>
    public Task DrainAsync() => _completing ?? Task.CompletedTask;
}
