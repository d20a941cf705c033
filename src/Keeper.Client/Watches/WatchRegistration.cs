using Keeper.Protocol;

namespace Keeper.Client.Watches;

/// <summary>What kind of watch a request asks for; decides the table and when it counts as set.</summary>
internal enum WatchKind { Data, Exists, Child, Persistent, PersistentRecursive }

/// <summary>
/// A watch a request will set if its reply says so (Java's WatchRegistration). It is applied on the
/// receive loop as the reply is read, before any later frame, so an event right after the reply finds it.
/// </summary>
internal sealed class WatchRegistration(WatchKind kind, string clientPath, Action<WatchedEvent> watcher)
{
    public void Register(WatchManager manager, ErrorCode rc)
    {
        switch (kind)
        {
            case WatchKind.Exists:
                // The server sets an exists watch even on a missing node; Java keeps it in the exist table
                // then (so NodeCreated finds it) and in the data table when the node was there.
                if (rc == ErrorCode.Ok) manager.Add(WatchTable.Data, clientPath, watcher);
                else if (rc == ErrorCode.NoNode) manager.Add(WatchTable.Exist, clientPath, watcher);
                break;
            case WatchKind.Data when rc == ErrorCode.Ok:
                manager.Add(WatchTable.Data, clientPath, watcher);
                break;
            case WatchKind.Child when rc == ErrorCode.Ok:
                manager.Add(WatchTable.Child, clientPath, watcher);
                break;
            case WatchKind.Persistent when rc == ErrorCode.Ok:
                manager.Add(WatchTable.Persistent, clientPath, watcher);
                break;
            case WatchKind.PersistentRecursive when rc == ErrorCode.Ok:
                manager.Add(WatchTable.PersistentRecursive, clientPath, watcher);
                break;
        }
    }
}

/// <summary>The local half of a removeWatches request (Java's WatchDeregistration).</summary>
internal sealed class WatchDeregistration(string clientPath, Action<WatchedEvent>? watcher, WatcherType type, bool local)
{
    public string ClientPath { get; } = clientPath;

    public ErrorCode Unregister(WatchManager manager, ErrorCode rc,
        out List<(EventType Type, List<Action<WatchedEvent>> Watchers)> removed) =>
        manager.Remove(ClientPath, watcher, type, local, rc, out removed);
}
