using Keeper.Client.Connection;
using Keeper.Client.Watches;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client;

public sealed partial class ZooKeeperClient
{
    /// <summary>
    /// addWatch (106): a persistent watch (this node's data, existence and children) or a
    /// persistent-recursive one (data and existence of the node and all descendants, never child events).
    /// It stays until removed. A null watcher means the default watcher.
    /// </summary>
    public Task AddWatchAsync(string path, AddWatchMode mode, Action<WatchedEvent>? watcher = null)
    {
        var kind = mode == AddWatchMode.PersistentRecursive ? WatchKind.PersistentRecursive : WatchKind.Persistent;
        // The success reply body is an ErrorResponse(0); its header err is what counts.
        return SendAsync(new Packet<NoReply>(OpCode.AddWatch, new AddWatchRequest(ServerPath(path), mode), path, null)
        {
            Watch = new WatchRegistration(kind, path, watcher ?? DefaultWatcher),
        });
    }

    /// <summary>
    /// Java's removeWatches(path, watcher, type, local): removes this watcher's watches of the type on the
    /// path. On the wire this is checkWatches (17), as in Java, because other watchers may still need the
    /// server's watch. NoWatcher if this client holds no such watch; with <paramref name="local"/> the
    /// watch is removed here even when the server fails or cannot be reached. Removed watchers get a
    /// DataWatchRemoved / ChildWatchRemoved / PersistentWatchRemoved event.
    /// </summary>
    public Task RemoveWatchesAsync(string path, Action<WatchedEvent> watcher, WatcherType type, bool local = false) =>
        RemoveWatches(OpCode.CheckWatches, path, Required(watcher), type, local);

    /// <summary>Java's removeAllWatches: removeWatches (18) for every watcher of the type on the path.</summary>
    public Task RemoveAllWatchesAsync(string path, WatcherType type, bool local = false) =>
        RemoveWatches(OpCode.RemoveWatches, path, null, type, local);

    private Task RemoveWatches(OpCode opCode, string path, Action<WatchedEvent>? watcher, WatcherType type, bool local) =>
        SendAsync(new Packet<NoReply>(opCode, new WatchesRequest(ServerPath(path), type), path, null)
        {
            Unwatch = new WatchDeregistration(path, watcher, type, local),
        });

    /// <summary>checkWatches (17) alone: asks the server whether it holds such a watch; changes nothing locally.</summary>
    public Task CheckWatchesAsync(string path, WatcherType type) =>
        SendAsync(new Packet<NoReply>(OpCode.CheckWatches, new WatchesRequest(ServerPath(path), type), path, null));
}
