using Keeper.Protocol;

namespace Keeper.Client.Watches;

internal sealed partial class WatchManager
{
    /// <summary>
    /// Local half of removeWatches/removeAllWatches, run when the server's answer (or the loss of the
    /// connection) is known, as ZKWatchManager.removeWatcher: a watch that is not registered here gives
    /// NoWatcher whatever the server said; a server error keeps the watches unless <paramref name="local"/>.
    /// Returns the error the caller sees and, on success, the removed watchers per *WatchRemoved event type.
    /// </summary>
    public ErrorCode Remove(
        string clientPath, Action<WatchedEvent>? watcher, WatcherType type, bool local, ErrorCode rc,
        out List<(EventType Type, List<Action<WatchedEvent>> Watchers)> removed)
    {
        removed = [];
        lock (_lock)
        {
            if (!Contains(clientPath, watcher, type)) return ErrorCode.NoWatcher;
            if (!local && rc != ErrorCode.Ok) return rc;

            var child = new WatcherSet();
            var data = new WatcherSet();
            var persistent = new WatcherSet();
            bool any = false;
            switch (type)
            {
                case WatcherType.Children:
                    any |= RemoveFrom(_child, clientPath, watcher, child);
                    break;
                case WatcherType.Data:
                    any |= RemoveFrom(_data, clientPath, watcher, data);
                    any |= RemoveFrom(_exist, clientPath, watcher, data);
                    break;
                case WatcherType.Any:
                    any |= RemoveFrom(_child, clientPath, watcher, child);
                    any |= RemoveFrom(_data, clientPath, watcher, data);
                    any |= RemoveFrom(_exist, clientPath, watcher, data);
                    any |= RemoveFrom(_persistent, clientPath, watcher, persistent);
                    any |= RemoveFrom(_recursive, clientPath, watcher, persistent);
                    break;
                case WatcherType.Persistent:
                    any |= RemoveFrom(_persistent, clientPath, watcher, persistent);
                    break;
                case WatcherType.PersistentRecursive:
                    any |= RemoveFrom(_recursive, clientPath, watcher, persistent);
                    break;
            }
            if (!any) return ErrorCode.NoWatcher;
            if (child.Items.Count > 0) removed.Add((EventType.ChildWatchRemoved, child.Items));
            if (data.Items.Count > 0) removed.Add((EventType.DataWatchRemoved, data.Items));
            if (persistent.Items.Count > 0) removed.Add((EventType.PersistentWatchRemoved, persistent.Items));
            return ErrorCode.Ok;
        }
    }

    /// <summary>ZKWatchManager.containsWatcher: which tables count as holding a watch of each type.</summary>
    private bool Contains(string path, Action<WatchedEvent>? watcher, WatcherType type) => type switch
    {
        WatcherType.Children => Has(_child, path, watcher) || Has(_persistent, path, watcher) || Has(_recursive, path, watcher),
        WatcherType.Data => Has(_data, path, watcher) || Has(_exist, path, watcher)
            || Has(_persistent, path, watcher) || Has(_recursive, path, watcher),
        WatcherType.Any => Has(_child, path, watcher) || Has(_data, path, watcher) || Has(_exist, path, watcher)
            || Has(_persistent, path, watcher) || Has(_recursive, path, watcher),
        WatcherType.Persistent => Has(_persistent, path, watcher),
        WatcherType.PersistentRecursive => Has(_recursive, path, watcher),
        _ => false,
    };

    private static bool Has(Dictionary<string, HashSet<Action<WatchedEvent>>> map, string path, Action<WatchedEvent>? watcher) =>
        map.TryGetValue(path, out var set) && (watcher is null ? set.Count > 0 : set.Contains(watcher));

    private static bool RemoveFrom(
        Dictionary<string, HashSet<Action<WatchedEvent>>> map, string path, Action<WatchedEvent>? watcher, WatcherSet removed)
    {
        if (!map.TryGetValue(path, out var set)) return false;
        if (watcher is null)
        {
            map.Remove(path);
            removed.AddAll(set);
            return true;
        }
        if (!set.Remove(watcher)) return false;
        removed.Add(watcher);
        if (set.Count == 0) map.Remove(path);
        return true;
    }
}
