using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Server.Network;

/// <summary>
/// Frames waiting to be written to one client. Producers append serialised frames under a lock; a flush swaps
/// the whole batch out and writes it with one call, so a burst of replies costs one send, not one per reply.
/// <para>
/// There is no writer thread or loop per connection. The first frame queued after a flush asks
/// <see cref="FlushScheduler"/> for one; the sequencer answers by flushing every such queue at the end of its
/// batch, on its own thread, and a write that completes at once (the usual case: the socket buffer has room)
/// never leaves that thread. Only a write that has to wait continues elsewhere, on the socket's completion,
/// and drains what was queued meanwhile. Why: the per-connection writer loop woke a thread-pool worker for every
/// reply, and on 2 cores the pool's spinning before it parks a worker cost more CPU than the reply itself
/// (bench/RESULTS.md, hot-path finding 1).
/// </para>
/// </summary>
internal sealed class OutboundQueue : IDisposable
{
    private readonly object _lock = new();
    private readonly Func<ReadOnlyMemory<byte>, ValueTask> _write;
    private readonly FlushScheduler _scheduleFlush;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JuteWriter _filling = new(4096);
    private JuteWriter _draining = new(4096);
    private bool _flushScheduled;
    private bool _writing;
    private bool _closeAfterFlush;
    private bool _disposed;

    /// <param name="write">Sends bytes to the peer; it may complete later but must not block.</param>
    /// <param name="scheduleFlush">Called (outside the lock) when the first frame after a flush is queued.</param>
    public OutboundQueue(Func<ReadOnlyMemory<byte>, ValueTask> write, FlushScheduler scheduleFlush)
    {
        _write = write;
        _scheduleFlush = scheduleFlush;
    }

    /// <summary>Frames queued so far; for cons/stat "queued".</summary>
    public int QueuedFrames { get; private set; }

    /// <summary>
    /// Completes (never faults) when the queue is finished: everything was sent after <see cref="CloseAfterFlush"/>,
    /// a write failed, or the queue was disposed. The connection then closes.
    /// </summary>
    public Task Completion => _completion.Task;

    public void Enqueue(in ReplyHeader header, IJuteRecord? body)
    {
        lock (_lock)
        {
            if (_disposed || _closeAfterFlush) return;
            int start = _filling.BeginFrame();
            header.Write(_filling);
            body?.Write(_filling);
            _filling.EndFrame(start);
            QueuedFrames++;
            if (_flushScheduled) return;
            _flushScheduled = true;
        }
        _scheduleFlush(this);
    }

    /// <summary>A frame with no header: the ConnectResponse.</summary>
    public void EnqueueBare(IJuteRecord body)
    {
        lock (_lock)
        {
            if (_disposed || _closeAfterFlush) return;
            int start = _filling.BeginFrame();
            body.Write(_filling);
            _filling.EndFrame(start);
            QueuedFrames++;
            if (_flushScheduled) return;
            _flushScheduled = true;
        }
        _scheduleFlush(this);
    }

    /// <summary>Raw bytes with no frame: four-letter-word output. Sent at once.</summary>
    public void EnqueueRaw(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            if (_disposed || _closeAfterFlush) return;
            _filling.WriteRaw(bytes);
        }
        Flush();
    }

    /// <summary>Nothing more is accepted; the connection is closed (<see cref="Completion"/>) once what is queued is sent.</summary>
    public void CloseAfterFlush()
    {
        lock (_lock) _closeAfterFlush = true;
        Flush();
    }

    /// <summary>
    /// Starts sending what is queued unless a send is already under way (it will pick the new frames up).
    /// Any thread; runs on the caller's thread until a write has to wait.
    /// </summary>
    public void Flush()
    {
        lock (_lock)
        {
            _flushScheduled = false;
            if (_writing || _disposed) return;
            if (_filling.Length == 0 && !_closeAfterFlush) return;
            _writing = true;
        }
        _ = WriteUntilEmptyAsync();
    }

    private async Task WriteUntilEmptyAsync()
    {
        try
        {
            while (true)
            {
                JuteWriter batch;
                bool finishing;
                lock (_lock)
                {
                    if (_disposed || (_filling.Length == 0 && !_closeAfterFlush))
                    {
                        _writing = false;
                        return;
                    }
                    (batch, _filling, _draining) = (_filling, _draining, _filling);
                    _filling.Reset();
                    finishing = _closeAfterFlush;
                    QueuedFrames = 0;
                }
                if (batch.Length > 0) await _write(batch.WrittenMemory).ConfigureAwait(false);
                if (finishing)
                {
                    _completion.TrySetResult();
                    return;
                }
            }
        }
        catch (Exception)
        {
            // The peer went away or the connection was closed under the write: the connection closes.
            _completion.TrySetResult();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _filling.Dispose();
            _draining.Dispose();
        }
        _completion.TrySetResult();
    }
}

/// <summary>Asked by a queue to flush it soon (see <see cref="OutboundQueue"/>).</summary>
internal delegate void FlushScheduler(OutboundQueue queue);
