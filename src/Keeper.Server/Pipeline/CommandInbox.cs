namespace Keeper.Server.Pipeline;

/// <summary>
/// The sequencer's inbox: many threads post, one thread takes everything posted so far in one swap.
/// Why not a Channel: its blocking wait from a dedicated thread (<c>WaitToReadAsync().AsTask().Wait()</c>) spins
/// with <c>sched_yield</c> before it parks, about 20 yields per synchronous write (bench/RESULTS.md, hot-path
/// finding 1); on 2 cores shared with the clients that spinning takes the CPU from exactly the threads it waits
/// for. <see cref="Monitor.Wait(object)"/> parks at once, and the swap costs one lock per batch, not per command.
/// </summary>
internal sealed class CommandInbox<T>
{
    private readonly object _lock = new();
    private List<T> _posted = [];
    private bool _consumerParked;
    private bool _completed;

    /// <summary>Queues <paramref name="item"/>; false once <see cref="Complete"/> was called.</summary>
    public bool Post(T item)
    {
        lock (_lock)
        {
            if (_completed) return false;
            _posted.Add(item);
            if (_consumerParked) Monitor.Pulse(_lock);
        }
        return true;
    }

    /// <summary>
    /// Moves everything posted so far into <paramref name="batch"/> (cleared first). With <paramref name="wait"/>
    /// it blocks until there is something; false only when the inbox is completed and empty.
    /// </summary>
    public bool TakeAll(ref List<T> batch, bool wait)
    {
        batch.Clear();
        lock (_lock)
        {
            while (_posted.Count == 0)
            {
                if (_completed) return false;
                if (!wait) return true;
                _consumerParked = true;
                Monitor.Wait(_lock);
                _consumerParked = false;
            }
            (batch, _posted) = (_posted, batch);
        }
        return true;
    }

    /// <summary>No more posts; the consumer drains what is left and then sees the end.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            Monitor.Pulse(_lock);
        }
    }
}
