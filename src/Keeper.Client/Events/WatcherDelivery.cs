namespace Keeper.Client.Events;

/// <summary>One event and the watchers it was materialized for when it arrived (Java's WatcherSetEventPair).</summary>
internal sealed class WatcherDelivery(WatchedEvent watchedEvent, IReadOnlyList<Action<WatchedEvent>> watchers) : IDispatchItem
{
    public void Dispatch()
    {
        foreach (var watcher in watchers)
        {
            // One faulty watcher must not starve the others or stop the queue (Java logs and goes on).
            try { watcher(watchedEvent); }
            catch (Exception) { }
        }
    }
}
