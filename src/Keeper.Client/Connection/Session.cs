using System.Threading.Channels;
using Keeper.Client.Events;
using Keeper.Client.Watches;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Client.Connection;

/// <summary>
/// Everything that outlives one TCP connection (Java's ClientCnxn): session id and password, the last
/// zxid seen, the state, the watch tables, the auth infos to re-send, the queue of requests not yet
/// sent, and the xid counter. Connections come and go underneath it.
/// </summary>
internal sealed partial class Session
{
    private readonly ZooKeeperClientOptions _options;
    private readonly HostProvider _hosts;
    private readonly Channel<Packet> _outgoing =
        Channel.CreateUnbounded<Packet>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<AuthPacket> _authInfo = [];
    private readonly object _stateLock = new();
    private volatile ZooKeeperState _state = ZooKeeperState.Connecting;
    private long _sessionId;
    private byte[] _password;
    private volatile int _negotiatedTimeout;
    private long _lastZxid;
    private int _xid;

    public Session(ZooKeeperClientOptions options)
    {
        _options = options;
        var connectString = ConnectString.Parse(options.ConnectString);
        _hosts = new HostProvider(connectString.Hosts, options.ShuffleHosts);
        Chroot = new Chroot(connectString.Chroot);
        Watches = new WatchManager(options.DefaultWatcher ?? IgnoreEvent);
        Events = new EventDispatcher();
        _sessionId = options.SessionId;
        _password = options.SessionPassword is { } password ? [.. password] : new byte[16];
        // A caller resuming a session has by definition seen a read-write server (Java sets the same).
        _seenRwServerBefore = options.SessionId != 0;
    }

    /// <summary>Stands in when there is no default watcher, so watch=true still re-registers after reconnects.</summary>
    private static readonly Action<WatchedEvent> IgnoreEvent = static _ => { };

    public Chroot Chroot { get; }
    public WatchManager Watches { get; }
    public EventDispatcher Events { get; }
    public ChannelReader<Packet> Outgoing => _outgoing.Reader;
    public ZooKeeperState State => _state;
    public long SessionId => Interlocked.Read(ref _sessionId);
    public int NegotiatedTimeout => _negotiatedTimeout;

    public byte[] Password
    {
        get { lock (_stateLock) return [.. _password]; }
    }

    public long LastZxid
    {
        get => Interlocked.Read(ref _lastZxid);
        set => Interlocked.Exchange(ref _lastZxid, value);
    }

    /// <summary>
    /// Only one send loop runs at a time (a connection's loops finish before the next connection
    /// starts), so a plain counter is enough. Like Java: 1, 2, ... and back to 1 at int.MaxValue.
    /// </summary>
    public int NextXid()
    {
        _xid = _xid == int.MaxValue ? 1 : _xid + 1;
        return _xid;
    }

    private static bool IsTerminal(ZooKeeperState state) =>
        state is ZooKeeperState.Expired or ZooKeeperState.AuthFailed or ZooKeeperState.Closed;

    /// <summary>The error a request gets when it cannot be answered (Java's conLossPacket).</summary>
    private ErrorCode LossCode => _state switch
    {
        ZooKeeperState.AuthFailed => ErrorCode.AuthFailed,
        ZooKeeperState.Expired or ZooKeeperState.Closed => ErrorCode.SessionExpired,
        _ => ErrorCode.ConnectionLoss,
    };

    /// <summary>Queues a request for the current or next connection, or fails it if there will be none.</summary>
    public void Submit(Packet packet)
    {
        if (IsTerminal(_state) || _closing || !_outgoing.Writer.TryWrite(packet)) Fail(packet, LossCode);
    }

    public void EnqueuePing() => _outgoing.Writer.TryWrite(new InternalPacket(OpCode.Ping, null, PacketRoute.Ping));

    public void AddAuthInfo(AuthPacket auth)
    {
        lock (_authInfo) _authInfo.Add(auth);
    }

    private void Fail(Packet packet, ErrorCode code)
    {
        packet.OnLost(code);
        Finish(packet);
    }

    /// <summary>
    /// Java's finishPacket: apply the watch the request sets or removes according to its result, queue
    /// the WatchRemoved events that produces, then queue the completion behind them.
    /// </summary>
    public void Finish(Packet packet)
    {
        packet.Watch?.Register(Watches, packet.Rc);
        if (packet.Unwatch is { } unwatch)
        {
            packet.Error = unwatch.Unregister(Watches, packet.Rc, out var removed);
            var state = packet.Rc is ErrorCode.SessionExpired or ErrorCode.ConnectionLoss
                ? KeeperState.Disconnected
                : KeeperState.SyncConnected;
            foreach (var (type, watchers) in removed)
                Events.Enqueue(new WatcherDelivery(new WatchedEvent(type, state, unwatch.ClientPath), watchers));
        }
        Events.Enqueue(packet);
    }

    public void OnNotification(in ReplyHeader header, WatcherEvent notification)
    {
        string path = Chroot.Strip(notification.Path);
        var watchers = Watches.Materialize(notification.State, notification.Type, path);
        if (watchers.Count > 0)
            Events.Enqueue(new WatcherDelivery(new WatchedEvent(notification.Type, notification.State, path, header.Zxid), watchers));
    }

    /// <summary>
    /// An auth reply. AuthFailed is final, as in Java: the server closes the connection after it and the
    /// client will not reconnect, so the state changes before anything else is told.
    /// </summary>
    public void OnAuthReply(in ReplyHeader header, Packet? packet)
    {
        if (header.Err == ErrorCode.AuthFailed && ChangeState(ZooKeeperState.AuthFailed))
            EnqueueStateEvent(KeeperState.AuthFailed);
        if (packet is null) return;
        var body = new Keeper.Protocol.Jute.JuteReader([]);
        packet.OnReply(header, ref body, []);
        Finish(packet);
    }

    /// <summary>Moves to a new state unless the client already reached a terminal one.</summary>
    private bool ChangeState(ZooKeeperState next)
    {
        lock (_stateLock)
        {
            if (IsTerminal(_state)) return false;
            _state = next;
            return true;
        }
    }

    /// <summary>State changes go to the default watcher and every registered watcher, as in Java.</summary>
    private void EnqueueStateEvent(KeeperState state) =>
        Events.Enqueue(new WatcherDelivery(new WatchedEvent(EventType.None, state, null),
            Watches.Materialize(state, EventType.None, null)));

    /// <summary>Fails whatever is queued but unsent (Java's cleanup of outgoingQueue).</summary>
    private void FailOutgoing(ErrorCode code)
    {
        while (_outgoing.Reader.TryRead(out var packet)) Fail(packet, code);
    }
}
