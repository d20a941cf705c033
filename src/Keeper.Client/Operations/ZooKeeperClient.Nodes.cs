using Keeper.Client.Connection;
using Keeper.Client.Watches;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client;

public sealed partial class ZooKeeperClient
{
    /// <summary>delete (2). Version -1 matches any version.</summary>
    public Task DeleteAsync(string path, int version = -1) =>
        SendAsync(new Packet<NoReply>(OpCode.Delete, new DeleteRequest(ServerPath(path), version), path, null));

    /// <summary>exists (3): the Stat, or null when the node is missing. watch=true uses the default watcher.</summary>
    public Task<Stat?> ExistsAsync(string path, bool watch = false) => Exists(path, watch ? DefaultWatcher : null);

    /// <summary>
    /// exists (3) with a watch for this watcher. The watch is set even when the node is missing (it then
    /// fires on NodeCreated).
    /// </summary>
    public Task<Stat?> ExistsAsync(string path, Action<WatchedEvent> watcher) => Exists(path, Required(watcher));

    private Task<Stat?> Exists(string path, Action<WatchedEvent>? watcher) =>
        SendAsync(new Packet<Stat?>(OpCode.Exists, new PathWatchRequest(ServerPath(path), watcher is not null), path,
            static (ref JuteReader r) => Stat.Read(ref r))
        {
            NoNodeIsDefault = true,
            Watch = watcher is null ? null : new WatchRegistration(WatchKind.Exists, path, watcher),
        });

    /// <summary>getData (4). Data is null when the node holds null (distinct from empty).</summary>
    public Task<(byte[]? Data, Stat Stat)> GetDataAsync(string path, bool watch = false) => GetData(path, watch ? DefaultWatcher : null);

    public Task<(byte[]? Data, Stat Stat)> GetDataAsync(string path, Action<WatchedEvent> watcher) => GetData(path, Required(watcher));

    private Task<(byte[]? Data, Stat Stat)> GetData(string path, Action<WatchedEvent>? watcher) =>
        SendAsync(new Packet<(byte[]?, Stat)>(OpCode.GetData, new PathWatchRequest(ServerPath(path), watcher is not null), path,
            static (ref JuteReader r) => (r.ReadBuffer(), Stat.Read(ref r)))
        {
            Watch = watcher is null ? null : new WatchRegistration(WatchKind.Data, path, watcher),
        });

    /// <summary>setData (5). Version -1 matches any version.</summary>
    public Task<Stat> SetDataAsync(string path, byte[]? data, int version = -1) =>
        SendAsync(new Packet<Stat>(OpCode.SetData, new SetDataRequest(ServerPath(path), data, version), path,
            static (ref JuteReader r) => Stat.Read(ref r)));

    /// <summary>getChildren (8): the child names, unsorted as the server sends them.</summary>
    public Task<IReadOnlyList<string>> GetChildrenAsync(string path, bool watch = false) =>
        GetChildren(path, watch ? DefaultWatcher : null);

    public Task<IReadOnlyList<string>> GetChildrenAsync(string path, Action<WatchedEvent> watcher) =>
        GetChildren(path, Required(watcher));

    private Task<IReadOnlyList<string>> GetChildren(string path, Action<WatchedEvent>? watcher) =>
        SendAsync(new Packet<IReadOnlyList<string>>(OpCode.GetChildren, new PathWatchRequest(ServerPath(path), watcher is not null), path,
            static (ref JuteReader r) => r.ReadStringVector() ?? [])
        {
            Watch = watcher is null ? null : new WatchRegistration(WatchKind.Child, path, watcher),
        });

    /// <summary>getChildren2 (12): the child names and the node's Stat.</summary>
    public Task<(IReadOnlyList<string> Children, Stat Stat)> GetChildren2Async(string path, bool watch = false) =>
        GetChildren2(path, watch ? DefaultWatcher : null);

    public Task<(IReadOnlyList<string> Children, Stat Stat)> GetChildren2Async(string path, Action<WatchedEvent> watcher) =>
        GetChildren2(path, Required(watcher));

    private Task<(IReadOnlyList<string> Children, Stat Stat)> GetChildren2(string path, Action<WatchedEvent>? watcher) =>
        SendAsync(new Packet<(IReadOnlyList<string>, Stat)>(OpCode.GetChildren2,
            new PathWatchRequest(ServerPath(path), watcher is not null), path,
            static (ref JuteReader r) => ((IReadOnlyList<string>)(r.ReadStringVector() ?? []), Stat.Read(ref r)))
        {
            Watch = watcher is null ? null : new WatchRegistration(WatchKind.Child, path, watcher),
        });

    private Action<WatchedEvent> DefaultWatcher => _session.Watches.DefaultWatcher;

    private static Action<WatchedEvent> Required(Action<WatchedEvent> watcher)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        return watcher;
    }
}
