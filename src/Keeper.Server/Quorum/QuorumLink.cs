using System.Collections.Concurrent;
using System.Net.Sockets;
using Keeper.Consensus.Wire;
using Keeper.Server.Logging;

namespace Keeper.Server.Quorum;

/// <summary>
/// One quorum-port connection, leader to learner, from either end. A reader thread decodes packets and
/// hands them to <see cref="PacketReceived"/>; a writer thread sends what <see cref="Send"/> queued, in
/// order, flushing once per burst. Links are few (one per peer), so plain threads with blocking I/O keep the
/// SNAP case simple: the snapshot stream is read from the same stream right after its packet.
/// </summary>
internal sealed class QuorumLink : IDisposable
{
    private static readonly Logger Log = Logging.Log.For<QuorumLink>();
    private static long _nextId;

    private readonly Socket _socket;
    private readonly Stream _network;
    private readonly BlockingCollection<byte[]> _outbound = new(new ConcurrentQueue<byte[]>());
    private readonly int _maxBuffer;
    private int _closed;

    /// <param name="stream">The socket's stream, TLS (sslQuorum) or plaintext; it owns the socket.</param>
    public QuorumLink(Socket socket, Stream stream, string name, int maxBuffer)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _network = stream;
        _maxBuffer = maxBuffer;
        Name = name;
        Id = Interlocked.Increment(ref _nextId);
    }

    /// <summary>The connection id the Zab core knows this link by (unique in the process).</summary>
    public long Id { get; }

    /// <summary>For logs: the peer's address and, once known, its server id.</summary>
    public string Name { get; set; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Called on the reader thread for each packet. Throwing closes the link.</summary>
    public Action<QuorumLink, QuorumPacket, Stream>? PacketReceived { get; set; }

    /// <summary>Called once, on whichever thread saw the end, with the reason.</summary>
    public Action<QuorumLink, string>? Closed { get; set; }

    public void Start()
    {
        new Thread(ReadLoop) { Name = $"QuorumLink-read:{Name}", IsBackground = true }.Start();
        new Thread(WriteLoop) { Name = $"QuorumLink-write:{Name}", IsBackground = true }.Start();
    }

    public void Send(QuorumPacket packet) => SendRaw(packet.Encode());

    /// <summary>Queues bytes already in wire form (a SNAP packet followed by its snapshot stream).</summary>
    public void SendRaw(byte[] bytes)
    {
        if (IsClosed) return;
        try { _outbound.Add(bytes); }
        catch (InvalidOperationException) { } // closed meanwhile
    }

    private void ReadLoop()
    {
        try
        {
            var input = new BufferedStream(_network, 64 * 1024);
            while (!IsClosed)
            {
                var packet = QuorumPacketStream.Read(input, _maxBuffer);
                PacketReceived?.Invoke(this, packet, input);
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or SocketException)
        {
            Close(IsClosed ? "closed" : "connection lost");
        }
        catch (WireFormatException e)
        {
            Close($"malformed quorum packet: {e.Message}");
        }
        catch (Exception e)
        {
            Close($"error reading from the link: {e.Message}");
        }
    }

    private void WriteLoop()
    {
        try
        {
            // Inside the try: a link closed before this thread ran has a disposed stream (ObjectDisposedException).
            var output = new BufferedStream(_network, 64 * 1024);
            foreach (var bytes in _outbound.GetConsumingEnumerable())
            {
                output.Write(bytes);
                while (_outbound.TryTake(out var more)) output.Write(more);
                output.Flush();
            }
        }
        // NotSupportedException: BufferedStream.Write on the NetworkStream that Close disposed meanwhile ("Stream does
        // not support writing") — uncaught, it ended the process when a leader dropped a silent follower's link.
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException
                                      or NotSupportedException)
        {
            Close("connection lost while sending");
        }
        catch (Exception e)
        {
            // Whatever else goes wrong on this thread ends the link, never the process.
            Close($"error sending on the link: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            _writerDone.Set();
        }
    }

    private readonly ManualResetEventSlim _writerDone = new(false);

    /// <summary>Sends what is queued (bounded by <paramref name="within"/>), then closes: a leader's last COMMITs reach its followers.</summary>
    public void CloseAfterFlush(TimeSpan within)
    {
        if (IsClosed) return;
        try { _outbound.CompleteAdding(); } catch (ObjectDisposedException) { }
        _writerDone.Wait(within);
        Close("closed");
    }

    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try { _outbound.CompleteAdding(); } catch (ObjectDisposedException) { }
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        _network.Dispose();
        if (reason != "closed") Log.Info($"Quorum link {Name} closed: {reason}");
        Closed?.Invoke(this, reason);
    }

    public void Dispose() => Close("closed");
}
