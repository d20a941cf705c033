using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Keeper.Core.Watches;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Server.Logging;
using Keeper.Server.FourLetterWords;
using Keeper.Server.Pipeline;
using Keeper.Server.Tls;

namespace Keeper.Server.Network;

/// <summary>
/// One client TCP connection: a read loop that cuts frames and decodes them into requests for the
/// sequencer, and an <see cref="OutboundQueue"/> of the replies the sequencer queued. It never touches the tree. It is also
/// the watcher of the watches its session sets, so the tree can queue notifications on it directly.
/// </summary>
internal sealed class ClientConnection : IWatcher
{
    private static readonly Logger Log = Logging.Log.For<ClientConnection>();
    private static long _nextId;

    private readonly Socket _socket;
    private readonly ClientPortSecurity _security;

    // The socket's stream, or the TLS stream over it once the handshake is done (before any frame is read or written).
    private Stream _stream;
    private readonly Sequencer _sequencer;
    private readonly ConnectionHost _host;
    private readonly CancellationTokenSource _closed = new();
    private int _closing;

    public ClientConnection(Socket socket, Sequencer sequencer, ConnectionHost host, ClientPortSecurity security = ClientPortSecurity.Plaintext)
    {
        _socket = socket;
        _security = security;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _sequencer = sequencer;
        _host = host;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        Remote = remote.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(remote.Address.MapToIPv4(), remote.Port) : remote;
        AuthIds = [new Id("ip", Remote.Address.ToString())];
        Outbound = new OutboundQueue(WriteAsync, sequencer.ScheduleFlush);
        Outbound.Completion.ContinueWith(_ => Close(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    public long Id { get; } = Interlocked.Increment(ref _nextId);
    public IPEndPoint Remote { get; }
    public OutboundQueue Outbound { get; }
    public ConnectionStats Stats { get; } = new();

    /// <summary>The session this connection serves; 0 until the handshake completes. Sequencer-owned.</summary>
    public long SessionId { get; set; }
    public int SessionTimeout { get; set; }

    /// <summary>Whether the client's ConnectRequest had the readOnly byte: replies must match it.</summary>
    public bool ClientSentReadOnlyField { get; set; } = true;

    /// <summary>Sequencer-owned: the zxid of this connection's newest write not yet applied (0 if none).</summary>
    public long LastWriteZxid { get; set; }

    /// <summary>
    /// Sequencer-owned: requests held back to keep this connection's replies in order, because an earlier
    /// write of it is not durable yet (a read must see it) or the session is still being created.
    /// </summary>
    public Queue<RequestCommand> Deferred { get; } = new();

    /// <summary>On a follower or observer: requests sent to the leader and not answered yet (its later reads wait).</summary>
    public int ForwardedPending { get; set; }

    /// <summary>The ids this connection has authenticated as (ip:address from the start). Sequencer-owned.</summary>
    public List<Id> AuthIds { get; }

    IReadOnlyList<Id> IWatcher.AuthIds => AuthIds;

    /// <summary>This connection's SASL exchange (DIGEST-MD5 or GSSAPI), once its first sasl request came. Sequencer-owned.</summary>
    public Sasl.ISaslServerExchange? SaslExchange { get; set; }

    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    public string RemoteText => $"/{Remote.Address}:{Remote.Port}";

    public void Process(EventType type, string path, long zxid)
    {
        // ZooKeeper 3.8 sends -1 in a notification's zxid field (3.9 sends the txn's zxid).
        Outbound.Enqueue(new ReplyHeader(Xids.Notification, -1, ErrorCode.Ok), new WatcherEvent(type, KeeperState.SyncConnected, path));
        Stats.PacketsSent++;
    }

    public async Task RunAsync()
    {
        if (!await SecureAsync().ConfigureAwait(false))
        {
            Close();
            return;
        }

        try
        {
            var fourLetterWord = await ReadLoopAsync().ConfigureAwait(false);
            if (fourLetterWord is not null)
            {
                // Answer first, then close: the peer may already have half-closed its side.
                await fourLetterWord.ConfigureAwait(false);
                await Outbound.Completion.ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away: nothing to report beyond the close.
        }
        catch (JuteException e)
        {
            Log.Warn($"Closing connection from {RemoteText}: malformed packet: {e.Message}");
        }
        catch (ProtocolViolation e)
        {
            Log.Warn($"Closing connection from {RemoteText}: {e.Message}");
        }
        finally
        {
            _sequencer.Post(new DisconnectCommand(this));
        }
    }

    /// <summary>The TLS handshake, if this port speaks TLS; false when the connection must close.</summary>
    private async Task<bool> SecureAsync()
    {
        if (_security == ClientPortSecurity.Plaintext) return true;
        try
        {
            var result = await TlsHandshake.NegotiateAsync(_socket, (NetworkStream)_stream, _security, _host.Tls, _host.TlsCounters,
                RemoteText, _closed.Token).ConfigureAwait(false);
            if (result.Stream is null) return false;
            _stream = result.Stream;
            IsSecure = result.Stream is System.Net.Security.SslStream;
            // No ConnectCommand was posted yet, so the sequencer has not seen this list.
            foreach (var id in result.AuthIds) AuthIds.Add(id);
            return !IsClosing;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>True once the connection speaks TLS.</summary>
    public bool IsSecure { get; private set; }

    /// <summary>Reads frames until the peer closes; returns the running four-letter word, if that is what came.</summary>
    private async Task<Task?> ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 65536, leaveOpen: true));
        bool handshakeSeen = false;
        try
        {
            while (!IsClosing)
            {
                var result = await reader.ReadAsync(_closed.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (!IsClosing && TryCutFrame(ref buffer, handshakeSeen, out var frame, out var fourLetterWord))
                {
                    if (fourLetterWord is not null)
                    {
                        var argument = frame.ToArray(); // before AdvanceTo hands the bytes back to the pipe
                        reader.AdvanceTo(buffer.Start);
                        return _host.RunFourLetterWordAsync(this, fourLetterWord, argument);
                    }
                    // Decoded in place while the pipe still holds the bytes (the records copy what they keep): a
                    // frame is copied out only when it straddles two of the pipe's segments.
                    if (frame.IsSingleSegment) HandleFrame(frame.FirstSpan, handshakeSeen);
                    else HandleFrame(frame.ToArray(), handshakeSeen);
                    handshakeSeen = true;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) return null;
            }
            return null;
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Cuts one frame off the buffer. Before the handshake the first four bytes may instead be a
    /// four-letter word; a length below zero or above jute.maxbuffer is a protocol violation.
    /// </summary>
    private bool TryCutFrame(ref ReadOnlySequence<byte> buffer, bool handshakeSeen, out ReadOnlySequence<byte> frame, out string? fourLetterWord)
    {
        frame = default;
        fourLetterWord = null;
        if (buffer.Length < 4) return false;
        Span<byte> lengthBytes = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(lengthBytes);
        int length = BinaryPrimitives.ReadInt32BigEndian(lengthBytes);
        if (!handshakeSeen && FourLetterWordCodes.TryGetWord(length, out var word))
        {
            int extra = word == "stmk" ? 8 : 0;
            if (buffer.Length < 4 + extra) return false;
            frame = buffer.Slice(4, extra);
            buffer = buffer.Slice(4 + extra);
            fourLetterWord = word;
            Stats.PacketsReceived++;
            _host.CountReceived();
            return true;
        }
        if (length < 0 || length > _host.MaxBuffer)
            throw new ProtocolViolation($"packet length {length} is out of range (jute.maxbuffer {_host.MaxBuffer})");
        if (buffer.Length < 4 + length) return false;
        frame = buffer.Slice(4, length);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    private void HandleFrame(ReadOnlySpan<byte> frame, bool handshakeSeen)
    {
        var reader = new JuteReader(frame, _host.MaxBuffer);
        Stats.PacketsReceived++;
        _host.CountReceived();
        if (!handshakeSeen)
        {
            var connect = ConnectRequest.Read(ref reader);
            _sequencer.Post(new ConnectCommand(this, connect));
            return;
        }
        var header = RequestHeader.Read(ref reader);
        if (!RequestDecoder.IsKnown(header.Type))
        {
            _sequencer.Post(new RequestCommand(this, header, null, Environment.TickCount64, Unknown: true));
            return;
        }
        IJuteRecord? body;
        try
        {
            body = RequestDecoder.Decode(header.Type, ref reader, frame[8..]);
        }
        catch (JuteException e)
        {
            // A well-framed request whose record does not parse: ZooKeeper answers MarshallingError and keeps
            // the connection (a write still takes a zxid as an error txn).
            Log.Info($"Marshalling error in a request from {RemoteText} (op {(int)header.Type}, xid {header.Xid}): {e.Message}");
            _sequencer.Post(new RequestCommand(this, header, null, Environment.TickCount64, Malformed: true));
            return;
        }
        _sequencer.Post(new RequestCommand(this, header, body, Environment.TickCount64));
    }

    private ValueTask WriteAsync(ReadOnlyMemory<byte> bytes) => _stream.WriteAsync(bytes, _closed.Token);

    /// <summary>Closes the socket now; queued output is dropped.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0) return;
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        _closed.Cancel();
        _stream.Dispose();
        Outbound.Dispose();
        _host.Forget(this);
    }

    /// <summary>Sends what is queued, then closes.</summary>
    public void CloseAfterFlush() => Outbound.CloseAfterFlush();
}

/// <summary>The peer broke the framing rules; the connection is closed with one log line.</summary>
internal sealed class ProtocolViolation(string message) : Exception(message);
