using Keeper.Core.Watches;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tree;

/// <summary>
/// The in-memory znode tree with its ACL cache, ephemeral/container/TTL indexes and the two watch tables.
/// It changes only by applying txns (<see cref="DataTree.Apply"/>), in zxid order, on one thread.
/// </summary>
public sealed partial class DataTree
{
    private readonly Dictionary<string, DataNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<long, HashSet<string>> _ephemerals = [];
    private readonly HashSet<string> _containers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ttls = new(StringComparer.Ordinal);

    public AclCache Acls { get; } = new();
    public WatchManager DataWatches { get; } = new();
    public WatchManager ChildWatches { get; } = new();
    public NamespaceStats Namespaces { get; } = new();

    /// <summary>The zxid of the last txn applied.</summary>
    public long LastProcessedZxid { get; set; }

    /// <summary>Sum of path and data lengths, as mntr's approximate_data_size.</summary>
    public long ApproximateDataSize { get; private set; }

    public DataTree()
    {
        var root = new DataNode { Data = [], AclRef = AclCache.OpenAclUnsafeRef };
        _nodes["/"] = root;
        AddSystemNode("/zookeeper", [], AclCache.OpenAclUnsafeRef, aversion: 0);
        AddSystemNode("/zookeeper/quota", [], AclCache.OpenAclUnsafeRef, aversion: 0);
        AddSystemNode("/zookeeper/config", [], Acls.Add(Protocol.Records.Acls.ReadAclUnsafe), aversion: -1);
    }

    private void AddSystemNode(string path, byte[] data, long aclRef, int aversion)
    {
        var node = new DataNode { Data = data, AclRef = aclRef, Aversion = aversion };
        _nodes[path] = node;
        _nodes[PathValidation.ParentOf(path)].AddChild(PathValidation.NameOf(path));
        ApproximateDataSize += path.Length + data.Length;
    }

    /// <summary>
    /// The node count ZooKeeper reports: it also stores the root under the alias "", so a fresh tree is 5.
    /// </summary>
    public int NodeCount => _nodes.Count + 1;

    public DataNode? GetNode(string path) => _nodes.GetValueOrDefault(path.Length == 0 ? "/" : path);

    public IReadOnlyList<Acl> AclOf(DataNode node) => Acls.Get(node.AclRef);

    public IReadOnlyCollection<string> EphemeralsOf(long sessionId) =>
        _ephemerals.TryGetValue(sessionId, out var set) ? set : [];

    public IEnumerable<KeyValuePair<long, HashSet<string>>> AllEphemerals => _ephemerals;
    public int EphemeralCount => _ephemerals.Values.Sum(s => s.Count);
    public IReadOnlyCollection<string> Containers => _containers;
    public IReadOnlyCollection<string> Ttls => _ttls;
    public IEnumerable<KeyValuePair<string, DataNode>> Nodes => _nodes;

    /// <summary>Descendants of a path (for "/" every node but the root), as getAllChildrenNumber counts.</summary>
    public int CountDescendants(string path)
    {
        if (path == "/") return _nodes.Count - 1;
        var node = GetNode(path);
        if (node is null) return 0;
        int count = 0;
        var stack = new Stack<string>();
        stack.Push(path);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            foreach (var child in _nodes[current].Children)
            {
                count++;
                stack.Push(current + "/" + child);
            }
        }
        return count;
    }

    public void AddWatch(string path, IWatcher watcher, AddWatchMode mode)
    {
        var watcherMode = mode == AddWatchMode.PersistentRecursive ? WatcherMode.PersistentRecursive : WatcherMode.Persistent;
        DataWatches.Add(path, watcher, watcherMode);
        ChildWatches.Add(path, watcher, watcherMode);
    }

    public void RemoveWatcher(IWatcher watcher)
    {
        DataWatches.RemoveWatcher(watcher);
        ChildWatches.RemoveWatcher(watcher);
    }

    public int WatchCount => DataWatches.Count + ChildWatches.Count;
}
