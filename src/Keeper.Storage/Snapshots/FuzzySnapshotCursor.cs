using Keeper.Core.Tree;

namespace Keeper.Storage.Snapshots;

/// <summary>
/// Feeds a live tree to a <see cref="SnapshotFileWriter"/> a slice at a time, so the thread that owns the
/// tree can keep applying txns between slices (ZooKeeper's snapshots are fuzzy in the same way: each node
/// is written as it is when its turn comes). Take the writer's zxid and sessions before the first slice.
/// </summary>
public sealed class FuzzySnapshotCursor : IDisposable
{
    private readonly DataTree _tree;
    private readonly SnapshotFileWriter _writer;
    private readonly IEnumerator<(string SnapshotPath, DataNode Node)> _nodes;

    public FuzzySnapshotCursor(DataTree tree, SnapshotFileWriter writer)
    {
        _tree = tree;
        _writer = writer;
        _nodes = tree.EnumerateInSnapshotOrder().GetEnumerator();
    }

    public bool IsDone { get; private set; }

    /// <summary>Writes up to <paramref name="maxNodes"/> more nodes; returns true once every node is written.</summary>
    public bool WriteNext(int maxNodes)
    {
        for (int i = 0; i < maxNodes && !IsDone; i++)
        {
            if (_nodes.MoveNext()) _writer.WriteNode(_tree, _nodes.Current.SnapshotPath, _nodes.Current.Node);
            else IsDone = true;
        }
        return IsDone;
    }

    public void Dispose() => _nodes.Dispose();
}
