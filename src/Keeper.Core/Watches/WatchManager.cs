using Keeper.Core.Auth;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Watches;

/// <summary>
/// One watch table (the tree has two: data watches and child watches), with ZooKeeper 3.8's semantics:
/// a (watcher, path) pair has exactly one mode, so a later standard watch replaces a persistent one on the
/// same path (ZOOKEEPER-4466, fixed only in 3.9); recursive watches are matched on every ancestor.
/// </summary>
public sealed class WatchManager
{
    private readonly Dictionary<string, HashSet<IWatcher>> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<IWatcher, HashSet<string>> _byWatcher = [];
    private readonly Dictionary<(IWatcher, string), WatcherMode> _modes = [];
    private int _recursiveCount;

    /// <summary>Number of (path, watcher) pairs, as mntr's watch_count counts them.</summary>
    public int Count { get; private set; }

    public void Add(string path, IWatcher watcher, WatcherMode mode = WatcherMode.Standard)
    {
        if (!_byPath.TryGetValue(path, out var watchers)) _byPath[path] = watchers = [];
        if (watchers.Add(watcher)) Count++;
        if (!_byWatcher.TryGetValue(watcher, out var paths)) _byWatcher[watcher] = paths = new(StringComparer.Ordinal);
        paths.Add(path);
        SetMode(watcher, path, mode);
    }

    private void SetMode(IWatcher watcher, string path, WatcherMode mode)
    {
        var key = (watcher, path);
        if (_modes.Remove(key, out var old) && old == WatcherMode.PersistentRecursive) _recursiveCount--;
        if (mode == WatcherMode.Standard) return;
        _modes[key] = mode;
        if (mode == WatcherMode.PersistentRecursive) _recursiveCount++;
    }

    private WatcherMode ModeOf(IWatcher watcher, string path) =>
        _modes.TryGetValue((watcher, path), out var mode) ? mode : WatcherMode.Standard;

    /// <summary>
    /// Fires the watches an event on <paramref name="path"/> triggers and returns who was told, so a second
    /// table can skip them (a delete must not tell one watcher twice). One-shot watches are removed even
    /// when the watcher may not read the node (<paramref name="acl"/>): like ZooKeeper 3.8, it is then
    /// not told, and its watch is used up.
    /// </summary>
    /// <summary>No watch is set at all (then a caller need not even build the path to trigger).</summary>
    public bool IsEmpty => _byPath.Count == 0;

    public HashSet<IWatcher>? Trigger(string path, EventType type, long zxid, IReadOnlyList<Acl> acl, HashSet<IWatcher>? suppress = null)
    {
        HashSet<IWatcher>? fired = null;
        bool atPath = true;
        for (string? current = path; current is not null; current = _recursiveCount > 0 ? ParentOrNull(current) : null)
        {
            if (_byPath.TryGetValue(current, out var watchers))
            {
                List<IWatcher>? removed = null;
                foreach (var watcher in watchers)
                {
                    var mode = ModeOf(watcher, current);
                    if (mode == WatcherMode.PersistentRecursive)
                    {
                        if (type != EventType.NodeChildrenChanged) (fired ??= []).Add(watcher);
                    }
                    else if (atPath)
                    {
                        (fired ??= []).Add(watcher);
                        if (mode == WatcherMode.Standard) (removed ??= []).Add(watcher);
                    }
                }
                if (removed is not null)
                    foreach (var watcher in removed) RemovePair(current, watcher, watchers);
            }
            atPath = false;
        }
        if (fired is null) return null;
        foreach (var watcher in fired)
        {
            if (suppress is not null && suppress.Contains(watcher)) continue;
            if (AclChecker.IsAllowed(acl, Perms.Read, watcher.AuthIds)) watcher.Process(type, path, zxid);
        }
        return fired;
    }

    private static string? ParentOrNull(string path)
    {
        if (path == "/") return null;
        int lastSlash = path.LastIndexOf('/');
        return lastSlash <= 0 ? "/" : path[..lastSlash];
    }

    private void RemovePair(string path, IWatcher watcher, HashSet<IWatcher> watchers)
    {
        if (!watchers.Remove(watcher)) return;
        Count--;
        if (watchers.Count == 0) _byPath.Remove(path);
        if (_byWatcher.TryGetValue(watcher, out var paths))
        {
            paths.Remove(path);
            if (paths.Count == 0) _byWatcher.Remove(watcher);
        }
        SetMode(watcher, path, WatcherMode.Standard);
    }

    public bool Contains(string path, IWatcher watcher) =>
        _byPath.TryGetValue(path, out var watchers) && watchers.Contains(watcher);

    public bool Contains(string path, IWatcher watcher, WatcherMode mode) =>
        Contains(path, watcher) && ModeOf(watcher, path) == mode;

    public bool Remove(string path, IWatcher watcher)
    {
        if (!_byPath.TryGetValue(path, out var watchers) || !watchers.Contains(watcher)) return false;
        RemovePair(path, watcher, watchers);
        return true;
    }

    /// <summary>Forgets every watch of a closed connection.</summary>
    public void RemoveWatcher(IWatcher watcher)
    {
        if (!_byWatcher.TryGetValue(watcher, out var paths)) return;
        foreach (var path in paths.ToArray())
            if (_byPath.TryGetValue(path, out var watchers)) RemovePair(path, watcher, watchers);
    }

    public IEnumerable<(string Path, IReadOnlyCollection<IWatcher> Watchers)> ByPath() =>
        _byPath.Select(e => (e.Key, (IReadOnlyCollection<IWatcher>)e.Value));

    public IEnumerable<(IWatcher Watcher, IReadOnlyCollection<string> Paths)> ByWatcher() =>
        _byWatcher.Select(e => (e.Key, (IReadOnlyCollection<string>)e.Value));

    public int PathCount => _byPath.Count;
}
