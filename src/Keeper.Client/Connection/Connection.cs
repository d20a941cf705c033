using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client.Connection;

/// <summary>
/// One TCP connection of a session: the handshake, then three loops (receive, send, ping) that end
/// together as soon as any of them fails. Replies to normal requests are matched against a FIFO of
/// what was sent; pings and auth are out of band. The session owns everything that outlives the
/// socket (state, watches, the outgoing queue) and decides what happens after <see cref="Completion"/>.
/// </summary>
internal sealed partial class Connection
{
    private readonly Session _session;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly int _maxPacketLength;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _lock = new();
    private readonly Queue<Packet> _pending = new();
    private readonly Queue<Packet> _authPending = new();
    private int _aborted;
    private long _lastSendTicks;
    private long _lastRecvTicks;
    private int _readTimeoutMs;

    private Connection(Session session, HostAddress host, Socket socket, int maxPacketLength)
    {
        _session = session;
        Host = host;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        _maxPacketLength = maxPacketLength;
    }

    public HostAddress Host { get; }

    /// <summary>Completes when all loops have stopped and the socket is closed.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Why the connection ended, when it was not closed on purpose.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Connects and runs the handshake; the caller judges the ConnectResponse.</summary>
    public static async Task<(Connection Connection, ConnectResponse Response)> OpenAsync(
        Session session, HostAddress host, ConnectRequest request, TimeSpan timeout, int maxPacketLength,
        CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Connection? connection = null;
        try
        {
            EndPoint endPoint = IPAddress.TryParse(host.Host, out var address)
                ? new IPEndPoint(address, host.Port)
                : new DnsEndPoint(host.Host, host.Port);
            await socket.ConnectAsync(endPoint, attempt.Token).ConfigureAwait(false);
            connection = new Connection(session, host, socket, maxPacketLength);
            var response = await connection.HandshakeAsync(request, attempt.Token).ConfigureAwait(false);
            return (connection, response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            connection?.Abort();
            socket.Dispose();
            throw new TimeoutException($"no session established with {host} within {timeout.TotalMilliseconds:0} ms");
        }
        catch
        {
            connection?.Abort();
            socket.Dispose();
            throw;
        }
    }

    private async Task<ConnectResponse> HandshakeAsync(ConnectRequest request, CancellationToken cancellationToken)
    {
        using (var writer = new JuteWriter(64))
        {
            int frame = writer.BeginFrame();
            request.Write(writer);
            writer.EndFrame(frame);
            await _stream.WriteAsync(writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (FrameReader.TryRead(ref buffer, _maxPacketLength, out var frame))
            {
                var response = ParseConnectResponse(frame.ToArray());
                _input.AdvanceTo(buffer.Start);
                return response;
            }
            // A server that will not take us (lastZxid ahead of it, read-only refusal) just closes.
            if (result.IsCompleted) throw new IOException($"{Host} closed the connection during the handshake");
            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static ConnectResponse ParseConnectResponse(byte[] payload)
    {
        // The trailing readOnly byte is optional: old servers (and 3.8 to old clients) leave it out.
        var reader = new JuteReader(payload);
        return ConnectResponse.Read(ref reader);
    }

    /// <summary>Starts the loops once the session accepted the handshake; priming packets go first.</summary>
    public void Start(int readTimeoutMs, IReadOnlyList<Packet> priming)
    {
        _readTimeoutMs = Math.Max(readTimeoutMs, 1);
        long now = Environment.TickCount64;
        _lastRecvTicks = now;
        _lastSendTicks = now;
        var receive = Task.Run(ReceiveLoopAsync);
        var send = Task.Run(() => SendLoopAsync(priming));
        var ping = Task.Run(PingLoopAsync);
        Completion = Task.WhenAll(receive, send, ping);
    }

    /// <summary>Stops every loop and closes the socket; safe to call any number of times.</summary>
    public void Abort(Exception? reason = null)
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0) return;
        Failure ??= reason;
        _stop.Cancel();
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception) { }
        _socket.Dispose();
    }

    /// <summary>After <see cref="Completion"/>: hands back every request still waiting for a reply.</summary>
    public List<Packet> TakeUnanswered()
    {
        lock (_lock)
        {
            var all = new List<Packet>(_pending.Count + _authPending.Count);
            all.AddRange(_pending);
            all.AddRange(_authPending);
            _pending.Clear();
            _authPending.Clear();
            return all;
        }
    }
}
