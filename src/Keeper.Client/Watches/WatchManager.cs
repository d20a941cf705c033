using Keeper.Protocol;

namespace Keeper.Client.Watches;

/// <summary>
/// The client's watch tables, as Java's ZKWatchManager: one-shot data, exist and child watches, and the
/// persistent and persistent-recursive ones of addWatch, each keyed by client path (chroot stripped) to
/// a set of watchers. A watcher is an Action compared with delegate equality, so registering the same
/// delegate twice on a path fires it once. One lock guards all five tables: they are touched once per
/// reply or event, never for long.
/// </summary>
internal sealed partial class WatchManager(Action<WatchedEvent> defaultWatcher)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, HashSet<Action<WatchedEvent>>> _data = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<Action<WatchedEvent>>> _exist = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<Action<WatchedEvent>>> _child = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<Action<WatchedEvent>>> _persistent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<Action<WatchedEvent>>> _recursive = new(StringComparer.Ordinal);

    public Action<WatchedEvent> DefaultWatcher { get; } = defaultWatcher;

    public void Add(WatchTable table, string clientPath, Action<WatchedEvent> watcher)
    {
        lock (_lock)
        {
            var map = Table(table);
            if (!map.TryGetValue(clientPath, out var set)) map[clientPath] = set = [];
            set.Add(watcher);
        }
    }

    /// <summary>The paths of every table, for SetWatches after a reconnect.</summary>
    public WatchPaths Snapshot()
    {
        lock (_lock)
            return new WatchPaths([.. _data.Keys], [.. _exist.Keys], [.. _child.Keys], [.. _persistent.Keys], [.. _recursive.Keys]);
    }

    /// <summary>
    /// The watchers an event goes to, removing the one-shot ones it triggers (ZKWatchManager.materialize).
    /// State events (type None) go to the default watcher and every registered watcher, and clear nothing.
    /// </summary>
    public IReadOnlyList<Action<WatchedEvent>> Materialize(KeeperState state, EventType type, string? clientPath)
    {
        var result = new WatcherSet();
        lock (_lock)
        {
            switch (type)
            {
                case EventType.None:
                    result.Add(DefaultWatcher);
                    foreach (var map in (ReadOnlySpan<Dictionary<string, HashSet<Action<WatchedEvent>>>>)[_data, _exist, _child, _persistent, _recursive])
                        foreach (var set in map.Values) result.AddAll(set);
                    break;
                case EventType.NodeCreated or EventType.NodeDataChanged:
                    result.AddAll(Take(_data, clientPath));
                    result.AddAll(Take(_exist, clientPath));
                    AddPersistent(clientPath, type, result);
                    break;
                case EventType.NodeChildrenChanged:
                    result.AddAll(Take(_child, clientPath));
                    AddPersistent(clientPath, type, result);
                    break;
                case EventType.NodeDeleted:
                    result.AddAll(Take(_data, clientPath));
                    // Java keeps this "just in case": a delete fires exist watches too if any are left.
                    result.AddAll(Take(_exist, clientPath));
                    result.AddAll(Take(_child, clientPath));
                    AddPersistent(clientPath, type, result);
                    break;
                default:
                    // An event type the client does not know: nobody is registered for it.
                    break;
            }
        }
        return result.Items;
    }

    private void AddPersistent(string? clientPath, EventType type, WatcherSet result)
    {
        if (clientPath is null) return;
        if (_persistent.TryGetValue(clientPath, out var exact)) result.AddAll(exact);
        // Recursive watches promise no child events; the server may still send one for the path because of
        // another (child or persistent) watch on it, so filter here as Java 3.9 does.
        if (type == EventType.NodeChildrenChanged || _recursive.Count == 0) return;
        foreach (var ancestor in PathParents.SelfAndAncestors(clientPath))
            if (_recursive.TryGetValue(ancestor, out var set)) result.AddAll(set);
    }

    private static HashSet<Action<WatchedEvent>>? Take(Dictionary<string, HashSet<Action<WatchedEvent>>> map, string? path) =>
        path is not null && map.Remove(path, out var set) ? set : null;

    private Dictionary<string, HashSet<Action<WatchedEvent>>> Table(WatchTable table) => table switch
    {
        WatchTable.Data => _data,
        WatchTable.Exist => _exist,
        WatchTable.Child => _child,
        WatchTable.Persistent => _persistent,
        WatchTable.PersistentRecursive => _recursive,
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };
}

internal enum WatchTable { Data, Exist, Child, Persistent, PersistentRecursive }

/// <summary>The watched paths (client paths) of each table.</summary>
internal sealed record WatchPaths(
    List<string> Data, List<string> Exist, List<string> Child, List<string> Persistent, List<string> PersistentRecursive)
{
    public bool IsEmpty => Data.Count + Exist.Count + Child.Count + Persistent.Count + PersistentRecursive.Count == 0;
}

/// <summary>Watchers without duplicates, in the order first seen, so delivery order is deterministic.</summary>
internal sealed class WatcherSet
{
    private readonly HashSet<Action<WatchedEvent>> _seen = [];
    public List<Action<WatchedEvent>> Items { get; } = [];

    public void Add(Action<WatchedEvent> watcher)
    {
        if (_seen.Add(watcher)) Items.Add(watcher);
    }

    public void AddAll(IEnumerable<Action<WatchedEvent>>? watchers)
    {
        if (watchers is null) return;
        foreach (var w in watchers) Add(w);
    }
}
