using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Server.Network;

/// <summary>
/// Frames waiting to be written to one client. Producers (the sequencer thread) append serialised frames
/// under a lock; the connection's writer loop swaps the whole batch out and writes it with one call, so a
/// burst of replies costs one send, not one per reply.
/// </summary>
internal sealed class OutboundQueue : IDisposable
{
    private readonly object _lock = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private JuteWriter _filling = new(4096);
    private JuteWriter _draining = new(4096);
    private bool _closeAfterFlush;
    private bool _disposed;

    /// <summary>Frames queued so far; for cons/stat "queued".</summary>
    public int QueuedFrames { get; private set; }

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
        }
        Signal();
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
        }
        Signal();
    }

    /// <summary>Raw bytes with no frame: four-letter-word output.</summary>
    public void EnqueueRaw(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            if (_disposed || _closeAfterFlush) return;
            _filling.WriteRaw(bytes);
        }
        Signal();
    }

    /// <summary>Nothing more is accepted; the writer closes the connection once what is queued is sent.</summary>
    public void CloseAfterFlush()
    {
        lock (_lock) _closeAfterFlush = true;
        Signal();
    }

    private void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); }
            catch (SemaphoreFullException) { }
            catch (ObjectDisposedException) { }
        }
    }

    /// <summary>Waits for frames, hands the batch to <paramref name="write"/>; returns false when the queue is finished.</summary>
    public async Task<bool> DrainAsync(Func<ReadOnlyMemory<byte>, ValueTask> write, CancellationToken cancel)
    {
        await _signal.WaitAsync(cancel).ConfigureAwait(false);
        JuteWriter batch;
        bool finished;
        lock (_lock)
        {
            if (_disposed) return false;
            (batch, _filling, _draining) = (_filling, _draining, _filling);
            _filling.Reset();
            finished = _closeAfterFlush;
            QueuedFrames = 0;
        }
        if (batch.Length > 0) await write(batch.WrittenMemory).ConfigureAwait(false);
        return !finished;
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
        Signal();
    }
}
