using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Keeper.Consensus.Election;
using Keeper.Consensus.Wire;
using Keeper.Server.Logging;

namespace Keeper.Server.Election;

/// <summary>
/// One live election connection to one sid after the handshake: Apache's SendWorker + RecvWorker pair as two
/// async loops over one socket. Whichever loop fails first closes the whole connection, once, with one log line
/// naming the peer and the reason; the other loop then ends quietly.
/// </summary>
internal sealed class PeerConnection
{
    private readonly Logger _log;
    private readonly Stream _stream;
    private readonly InboundBuffer _inbound;
    private readonly SendSlot _slot;
    private readonly Action<long, Notification> _deliver;
    private readonly Action<PeerConnection> _onClosed;
    private readonly CancellationTokenSource _closing = new();
    private int _closed;

    /// <param name="stream">The socket's stream, TLS or plaintext; it owns the socket.</param>
    public PeerConnection(long sid, Socket socket, Stream stream, InboundBuffer inbound, SendSlot slot,
        Action<long, Notification> deliver, Action<PeerConnection> onClosed, Logger log)
    {
        _log = log;
        Sid = sid;
        _stream = stream;
        _inbound = inbound;
        _slot = slot;
        _deliver = deliver;
        _onClosed = onClosed;
        LocalEndPoint = Plain(socket.LocalEndPoint);
        RemoteEndPoint = Plain(socket.RemoteEndPoint);
    }

    /// <summary>Dialled sockets are dual-mode: show ::ffff:a.b.c.d as a.b.c.d, as accepted ones are.</summary>
    internal static EndPoint? Plain(EndPoint? endPoint) =>
        endPoint is IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip ? new IPEndPoint(ip.Address.MapToIPv4(), ip.Port) : endPoint;

    public long Sid { get; }
    public EndPoint? LocalEndPoint { get; }
    public EndPoint? RemoteEndPoint { get; }
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>For log lines: the sid and where it talks from.</summary>
    public string Peer => $"sid {Sid} ({RemoteEndPoint})";

    /// <summary>Runs both loops; completes when the connection is closed and both have ended.</summary>
    public Task RunAsync() => Task.WhenAll(SendLoopAsync(), ReceiveLoopAsync());

    /// <summary>
    /// Closes the connection (idempotent). Only the first call logs <paramref name="reason"/>, so a failure that
    /// also breaks the other loop still produces one line.
    /// </summary>
    public void Close(LogLevel level, string reason, [CallerLineNumber] int line = 0)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _log.Write(level, $"Closing election connection to {Peer}: {reason}", null, line);
        _closing.Cancel();
        _stream.Dispose();
        _onClosed(this);
    }

    private async Task SendLoopAsync()
    {
        await Task.Yield();
        using var context = Log.BeginContext($"SendWorker:{Sid}");
        var cancel = _closing.Token;
        try
        {
            // As Apache's SendWorker.run: an empty queue means the newest thing we have for this peer is the last
            // message sent, which the previous connection may have lost.
            if (_slot.IsEmpty && _slot.LastSent is { } last)
            {
                await _stream.WriteAsync(last, cancel).ConfigureAwait(false);
            }
            while (true)
            {
                var frame = await _slot.TakeAsync(cancel).ConfigureAwait(false);
                try
                {
                    await _stream.WriteAsync(frame, cancel).ConfigureAwait(false);
                }
                catch
                {
                    _slot.Requeue(frame);
                    throw;
                }
            }
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            // Closed by the other loop, a replacement connection or Stop: already logged.
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Close(LogLevel.Warn, $"send failed: {e.Message}");
        }
    }

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        using var context = Log.BeginContext($"RecvWorker:{Sid}");
        var cancel = _closing.Token;
        try
        {
            while (true)
            {
                while (ElectionFrame.TryRead(_inbound.Data, out var message, out int consumed) == DecodeStatus.Complete)
                {
                    if (!NotificationCodec.TryDecode(message, out var notification, out var rejection))
                    {
                        // Apache's WorkerReceiver logs such a message and drops just it. We drop the connection:
                        // no 3.x server sends one, so the peer is broken or not a server, and the peer's own
                        // reconnect (rate-bounded here) recovers a transient fault.
                        Close(LogLevel.Warn, $"notification rejected ({rejection}), {message.Length} bytes");
                        return;
                    }
                    _inbound.Consume(consumed);
                    Deliver(notification!);
                }
                if (!await _inbound.FillAsync(_stream, cancel).ConfigureAwait(false))
                {
                    Close(LogLevel.Info, "closed by the peer");
                    return;
                }
            }
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
        }
        catch (WireFormatException e)
        {
            Close(LogLevel.Warn, $"bad frame: {e.Message}");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Close(LogLevel.Warn, $"connection broken: {e.Message}");
        }
    }

    private void Deliver(Notification notification)
    {
        try
        {
            _deliver(Sid, notification);
        }
        catch (Exception e)
        {
            // The consumer's bug is not the peer's fault: keep the connection, say so once per failure.
            _log.Error($"Election message handler failed for a notification from {Peer}", e);
        }
    }
}
