using System.Threading.Channels;

namespace Keeper.Client.Events;

/// <summary>
/// The client's single ordered queue, Java's EventThread. The receive loop enqueues, in the order the
/// frames arrived, both watcher deliveries and reply completions; one consumer runs them one after
/// another. A reply completion only completes a TaskCompletionSource created with
/// RunContinuationsAsynchronously, so the awaiting code resumes on the thread pool strictly after every
/// watcher callback for an event that arrived before that reply has returned, and never runs inline
/// on this queue (where it could block later events).
/// </summary>
internal sealed class EventDispatcher
{
    private readonly Channel<IDispatchItem> _queue =
        Channel.CreateUnbounded<IDispatchItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public EventDispatcher()
    {
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes when the queue was closed and everything in it has run.</summary>
    public Task Completion => _loop;

    public void Enqueue(IDispatchItem item)
    {
        // After the queue closed (the client is shut down) there is no order left to keep; running
        // inline still completes late reply tasks instead of leaving them hanging.
        if (!_queue.Writer.TryWrite(item)) item.Dispatch();
    }

    /// <summary>Nothing more will be queued; the loop drains what is there and ends.</summary>
    public void Close() => _queue.Writer.TryComplete();

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                try { item.Dispatch(); }
                catch (Exception) { }
            }
        }
    }
}
