namespace Keeper.Server.Election;

/// <summary>
/// What QuorumCnxManager keeps per sid for sending: queueSendMap's entry (a CircularBlockingQueue of capacity
/// SEND_CAPACITY = 1, so a new message replaces one not yet taken: election only cares about the latest vote)
/// and lastMessageSent (resent on every new connection whose queue is empty, because the previous connection
/// may have died with it unread; duplicates are harmless to the election). It outlives connections.
/// </summary>
internal sealed class SendSlot
{
    private readonly object _gate = new();
    private byte[]? _pending;
    private byte[]? _lastSent;
    private TaskCompletionSource? _signal;

    /// <summary>Apache's haveDelivered looks at exactly this: the queue is empty once a sender took the message.</summary>
    public bool IsEmpty
    {
        get { lock (_gate) return _pending is null; }
    }

    /// <summary>The frame last taken for sending, if any.</summary>
    public byte[]? LastSent
    {
        get { lock (_gate) return _lastSent; }
    }

    /// <summary>Queues a frame, dropping the one still waiting (capacity 1, drop oldest).</summary>
    public void Offer(byte[] frame)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            _pending = frame;
            wake = _signal;
            _signal = null;
        }
        wake?.TrySetResult();
    }

    /// <summary>
    /// Puts back a frame whose write failed, unless something newer is already waiting. Apache loses it in that
    /// case and relies on lastMessageSent; putting it back closes the window where a replacement connection
    /// started before the old one took the message.
    /// </summary>
    public void Requeue(byte[] frame)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            if (_pending is null)
            {
                _pending = frame;
                wake = _signal;
                _signal = null;
            }
        }
        wake?.TrySetResult();
    }

    /// <summary>Waits for a frame and takes it, recording it as the last one sent.</summary>
    public async Task<byte[]> TakeAsync(CancellationToken cancel)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_pending is { } frame)
                {
                    _pending = null;
                    _lastSent = frame;
                    return frame;
                }
                _signal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _signal.Task;
            }
            await wait.WaitAsync(cancel).ConfigureAwait(false);
        }
    }
}
