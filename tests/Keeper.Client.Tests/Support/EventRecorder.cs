using Keeper.Protocol;

namespace Keeper.Client.Tests.Support;

/// <summary>Collects the events given to <see cref="Watcher"/> (one delegate instance) and waits for them.</summary>
public sealed class EventRecorder
{
    private readonly List<WatchedEvent> _events = [];

    public EventRecorder()
    {
        Watcher = Record;
    }

    public Action<WatchedEvent> Watcher { get; }

    public IReadOnlyList<WatchedEvent> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    /// <summary>Events about nodes, leaving out connection state changes.</summary>
    public IReadOnlyList<WatchedEvent> NodeEvents => [.. Events.Where(e => e.Type != EventType.None)];

    public IReadOnlyList<KeeperState> States => [.. Events.Where(e => e.Type == EventType.None).Select(e => e.State)];

    private void Record(WatchedEvent e)
    {
        lock (_events)
        {
            _events.Add(e);
        }
    }

    public async Task<WatchedEvent> WaitForAsync(Func<WatchedEvent, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestTimeouts.Event);
        while (true)
        {
            var found = Events.FirstOrDefault(match);
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no matching event within the timeout; got: {string.Join("; ", Events)}");
            await Task.Delay(10);
        }
    }

    public Task<WatchedEvent> WaitForStateAsync(KeeperState state, TimeSpan? timeout = null) =>
        WaitForAsync(e => e.Type == EventType.None && e.State == state, timeout);

    public Task<WatchedEvent> WaitForNodeEventAsync(EventType type, string path, TimeSpan? timeout = null) =>
        WaitForAsync(e => e.Type == type && e.Path == path, timeout);
}

public static class TestTimeouts
{
    public static readonly TimeSpan Event = TimeSpan.FromSeconds(15);
}
