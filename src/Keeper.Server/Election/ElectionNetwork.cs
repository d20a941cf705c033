using System.Net;
using System.Net.Sockets;
using Keeper.Consensus.Election;
using Keeper.Consensus.Wire;
using Keeper.Server.Logging;

namespace Keeper.Server.Election;

/// <summary>A live election connection, for diagnostics and tests.</summary>
internal readonly record struct ElectionConnectionInfo(long Sid, EndPoint? LocalEndPoint, EndPoint? RemoteEndPoint);

/// <summary>
/// The election port (Apache's QuorumCnxManager) around the pure codecs: a listener, one connection per peer
/// kept by the tie-break "the larger sid dials", a per-sid send slot that keeps only the newest message, and
/// <see cref="Send"/> that connects on demand. Notifications are handed to the callback on I/O threads (one
/// connection's in order; different connections concurrently): the consumer posts them to its own thread.
/// <para>
/// Locking: one gate guards the maps (connections, slots, dial state, tasks). Sockets are only touched outside
/// it, and callbacks into <see cref="PeerConnection"/> that take it are re-entrant on the same thread.
/// </para>
/// </summary>
internal sealed partial class ElectionNetwork : IAsyncDisposable
{
    private readonly Logger _log;
    private readonly long _myId;
    // Replaced whole (never changed in place) when a reconfig takes effect, so readers need no lock.
    private volatile IReadOnlyDictionary<long, DnsEndPoint> _view;
    private readonly ElectionNetworkOptions _options;
    private readonly Action<long, Notification> _onMessage;
    private readonly ElectionListener _listener;
    private readonly byte[] _handshake;
    private readonly CancellationTokenSource _stop = new();

    private readonly object _gate = new();
    private readonly Dictionary<long, PeerConnection> _connections = new();
    private readonly Dictionary<long, SendSlot> _slots = new();
    private readonly Dictionary<long, DialState> _dials = new();
    private readonly HashSet<Task> _tasks = new();
    private long _observerCounter = -1;
    private long _dialAttempts;
    private bool _started;
    private bool _stopped;

    /// <param name="myId">Our sid; must have an entry in <paramref name="electionAddresses"/> (we listen there and
    /// send it in our initial message).</param>
    /// <param name="electionAddresses">Election addresses of all members we may dial (the view).</param>
    /// <param name="options">null for Apache's defaults.</param>
    /// <param name="onMessage">Called with (sender sid, notification) from I/O threads; must not block.</param>
    /// <param name="log">Where every line of the election port goes (Apache logs them all as QuorumCnxManager);
    /// null for <c>Log.For&lt;ElectionNetwork&gt;()</c>.</param>
    public ElectionNetwork(
        long myId,
        IReadOnlyDictionary<long, DnsEndPoint> electionAddresses,
        ElectionNetworkOptions? options,
        Action<long, Notification> onMessage,
        Logger? log = null)
    {
        if (!electionAddresses.TryGetValue(myId, out var mine))
            throw new ArgumentException($"no election address for our own sid {myId}", nameof(electionAddresses));
        _myId = myId;
        _view = electionAddresses;
        _options = options ?? ElectionNetworkOptions.Default;
        _onMessage = onMessage;
        _log = log ?? Log.For<ElectionNetwork>();
        // Apache sends V1 (one address) unless multiAddress is enabled, which we do not support.
        _handshake = ElectionHandshake.V1(myId, new ElectionAddress(mine.Host, mine.Port)).Encode();
        _listener = new ElectionListener(myId, mine, _options, OnAccepted, _log);
    }

    public long MyId => _myId;

    /// <summary>A reconfig took effect: these are the members we may dial from now on (ours stays as it was bound).</summary>
    public void UpdateView(IReadOnlyDictionary<long, DnsEndPoint> electionAddresses) => _view = electionAddresses;

    /// <summary>
    /// Completes with the bound endpoint once listening. Faults when the listener gave up after
    /// <see cref="ElectionNetworkOptions.BindRetryLimit"/> failures: Apache exits the process then
    /// (UNABLE_TO_BIND_QUORUM_PORT), which is the host's call here.
    /// </summary>
    public Task<IPEndPoint> Listening => _listener.Bound;

    /// <summary>Starts the listener (binding with retries in the background). Call once.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_stopped) throw new ObjectDisposedException(nameof(ElectionNetwork));
            if (_started) throw new InvalidOperationException("the election network is already started");
            _started = true;
            Track(_listener.RunAsync(_stop.Token));
        }
    }

    /// <summary>
    /// Queues <paramref name="notification"/> for <paramref name="sid"/> (replacing one not yet taken) and dials it
    /// if not connected. Never blocks on the network. A message to ourselves is delivered straight back to the
    /// callback, as Apache's toSend does.
    /// </summary>
    public void Send(long sid, Notification notification)
    {
        if (sid == _myId)
        {
            if (!Volatile.Read(ref _stopped)) _onMessage(sid, notification);
            return;
        }
        byte[] frame = ElectionFrame.Encode(NotificationCodec.Encode(notification)); // throws past 512 KiB: our bug
        lock (_gate)
        {
            if (_stopped) return;
            SlotFor(sid).Offer(frame);
        }
        ConnectOne(sid, address: null, dialBack: false);
    }

    /// <summary>Dials every sid we have a send slot for and no connection to (Apache's connectAll).</summary>
    public void ConnectAll()
    {
        long[] sids;
        lock (_gate) sids = _slots.Keys.ToArray();
        foreach (var sid in sids) ConnectOne(sid, address: null, dialBack: false);
    }

    /// <summary>
    /// Apache's haveDelivered, quirk included: true as soon as ANY send slot is empty (not all), false when there
    /// are no slots. FastLeaderElection uses it to choose between resending and connectAll.
    /// </summary>
    public bool HaveDelivered()
    {
        lock (_gate)
        {
            foreach (var slot in _slots.Values)
                if (slot.IsEmpty) return true;
            return false;
        }
    }

    /// <summary>The connections currently up, one per sid.</summary>
    public IReadOnlyList<ElectionConnectionInfo> Connections
    {
        get
        {
            lock (_gate)
                return _connections.Values.Select(c => new ElectionConnectionInfo(c.Sid, c.LocalEndPoint, c.RemoteEndPoint)).ToArray();
        }
    }

    /// <summary>Background tasks still running (listener, loops, dials, timers): 0 after <see cref="StopAsync"/>.</summary>
    public int BackgroundTaskCount
    {
        get { lock (_gate) return _tasks.Count; }
    }

    /// <summary>How many dials were started so far (to check the rate bound).</summary>
    public long DialAttempts => Interlocked.Read(ref _dialAttempts);

    public bool IsConnected(long sid)
    {
        lock (_gate) return _connections.ContainsKey(sid);
    }

    /// <summary>Closes the listener and every connection and waits for all loops to end.</summary>
    public async Task StopAsync()
    {
        PeerConnection[] open;
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            open = _connections.Values.ToArray();
            _connections.Clear();
        }
        _stop.Cancel();
        foreach (var connection in open) connection.Close(LogLevel.Debug, "shutting down");

        // Tasks only end, never start, once stopped; a few rounds catch any started just before.
        for (int round = 0; round < 10; round++)
        {
            Task[] running;
            lock (_gate) running = _tasks.ToArray();
            if (running.Length == 0) break;
            try
            {
                await Task.WhenAll(running).ConfigureAwait(false);
            }
            catch
            {
                // Already logged by Track.
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private SendSlot SlotFor(long sid)
    {
        if (!_slots.TryGetValue(sid, out var slot))
        {
            slot = new SendSlot();
            _slots[sid] = slot;
        }
        return slot;
    }

    /// <summary>Keeps a background task so Stop can wait for it; logs a failure nothing else caught.</summary>
    private void Track(Task task)
    {
        lock (_gate) _tasks.Add(task);
        task.ContinueWith(t =>
        {
            if (t.IsFaulted) _log.Error("Election network task failed", t.Exception!.GetBaseException());
            lock (_gate) _tasks.Remove(t);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void SetSocketOptions(Socket socket)
    {
        socket.NoDelay = true;
        if (_options.TcpKeepAlive) socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
    }

    /// <summary>Makes the connection for <paramref name="sid"/> the current one, replacing (closing) any other.</summary>
    private void Register(long sid, Socket socket, Stream stream, InboundBuffer inbound)
    {
        PeerConnection connection;
        PeerConnection? previous;
        lock (_gate)
        {
            if (_stopped)
            {
                stream.Dispose();
                return;
            }
            connection = new PeerConnection(sid, socket, stream, inbound, SlotFor(sid), _onMessage, OnConnectionClosed, _log);
            _connections.TryGetValue(sid, out previous);
            _connections[sid] = connection;
            DialStateFor(sid).Connected(_options);
            Track(connection.RunAsync());
        }
        _log.Info($"Election connection to sid {sid} up ({connection.LocalEndPoint} <-> {connection.RemoteEndPoint})");
        previous?.Close(LogLevel.Info, "replaced by a new connection");
    }

    private void OnConnectionClosed(PeerConnection connection)
    {
        bool retry;
        lock (_gate)
        {
            if (_connections.TryGetValue(connection.Sid, out var current) && current == connection)
                _connections.Remove(connection.Sid);
            retry = NeedsRetry(connection.Sid);
        }
        if (retry) ConnectOne(connection.Sid, address: null, dialBack: false);
    }

    /// <summary>Under the gate: a message is waiting for a sid we are not connected to.</summary>
    private bool NeedsRetry(long sid) =>
        !_stopped && !_connections.ContainsKey(sid) && _slots.TryGetValue(sid, out var slot) && !slot.IsEmpty;
}
