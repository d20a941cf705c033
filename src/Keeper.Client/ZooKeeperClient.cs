using Keeper.Client.Connection;

namespace Keeper.Client;

/// <summary>
/// An async ZooKeeper client with Java's ClientCnxn behaviour on the wire: one session over a series
/// of connections (reconnecting and resuming it, re-sending auth and re-registering watches), replies
/// matched in request order, watch events and reply completions delivered in arrival order on one
/// event queue. Operations throw <see cref="Keeper.Protocol.KeeperException"/> for a non-zero error.
/// </summary>
/// <remarks>
/// Ordering guarantee: a watcher callback for an event that arrived before a reply has returned before
/// the code awaiting that reply resumes. Callbacks run one at a time on the event queue and must not
/// block on other requests of this client (their replies queue behind the callback).
/// </remarks>
public sealed partial class ZooKeeperClient : IAsyncDisposable
{
    private readonly Session _session;

    private ZooKeeperClient(Session session)
    {
        _session = session;
    }

    /// <summary>Connects and establishes (or resumes) the session; fails if that takes longer than ConnectTimeout.</summary>
    /// <exception cref="TimeoutException">No server gave us a session in time.</exception>
    /// <exception cref="Keeper.Protocol.KeeperException">SessionExpired when resuming a session the server no longer has.</exception>
    public static async Task<ZooKeeperClient> ConnectAsync(ZooKeeperClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var session = new Session(options);
        await session.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return new ZooKeeperClient(session);
    }

    public long SessionId => _session.SessionId;

    /// <summary>A copy of the 16-byte session password, for resuming the session from another client.</summary>
    public byte[] SessionPassword => _session.Password;

    /// <summary>The session timeout the server granted, in ms.</summary>
    public int NegotiatedTimeout => _session.NegotiatedTimeout;

    /// <summary>The zxid of the latest reply (Java: lastZxid); sent on reconnect so no server goes back in time.</summary>
    public long LastZxid => _session.LastZxid;

    public ZooKeeperState State => _session.State;

    /// <summary>The chroot of the connect string, or null.</summary>
    public string? Chroot => _session.Chroot.Root;

    /// <summary>Closes the session on the server (closeSession), then the connection; waits for queued events.</summary>
    public Task CloseAsync(TimeSpan? timeout = null) =>
        _session.CloseAsync(timeout ?? TimeSpan.FromMilliseconds(Math.Max(_session.NegotiatedTimeout, 1000)));

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private Task<T> SendAsync<T>(Packet<T> packet)
    {
        _session.Submit(packet);
        return packet.Task;
    }

    private string ServerPath(string clientPath)
    {
        ArgumentNullException.ThrowIfNull(clientPath);
        return _session.Chroot.Prepend(clientPath);
    }

    private string ClientPath(string serverPath) => _session.Chroot.Strip(serverPath);
}
