using System.Net;
using System.Net.Sockets;
using System.Text;
using Keeper.Server.Logging;
using Keeper.Server.Pipeline;
using Keeper.Server.Tls;

namespace Keeper.Server.Network;

/// <summary>
/// The client ports (the plaintext one, and the TLS one when <c>secureClientPort</c> is set): accepts connections (at
/// most maxClientCnxns per client address, over both ports), tracks the live ones for cons/stat, and answers
/// four-letter words.
/// </summary>
internal sealed class ConnectionHost : IAsyncDisposable
{
    private static readonly Logger Log = Logging.Log.For<ConnectionHost>();

    private readonly List<ClientPortListener> _listeners = [];
    private readonly Sequencer _sequencer;
    private readonly ServerStats _stats;
    private readonly int _maxClientCnxns;
    private readonly Func<string, byte[], ClientConnection, Task<string>> _fourLetterWords;
    private readonly Dictionary<long, ClientConnection> _connections = [];
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly object _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _acceptLoops = [];

    public ConnectionHost(IReadOnlyList<ClientPort> ports, Sequencer sequencer, ServerStats stats, int maxBuffer, int maxClientCnxns,
        Func<string, byte[], ClientConnection, Task<string>> fourLetterWords, ServerTls? tls = null)
    {
        _sequencer = sequencer;
        _stats = stats;
        MaxBuffer = maxBuffer;
        _maxClientCnxns = maxClientCnxns;
        _fourLetterWords = fourLetterWords;
        Tls = tls;
        try
        {
            foreach (var port in ports) _listeners.Add(new ClientPortListener(port));
        }
        catch
        {
            foreach (var listener in _listeners) listener.Socket.Dispose();
            throw;
        }
    }

    public int MaxBuffer { get; }

    /// <summary>The first port's address (the plaintext port unless only a secure port is configured).</summary>
    public IPEndPoint LocalEndPoint
    {
        get { lock (_lock) return _listeners[0].LocalEndPoint; }
    }

    /// <summary>Where the TLS-only port (secureClientPort) listens, if there is one.</summary>
    public IPEndPoint? SecureEndPoint
    {
        get { lock (_lock) return _listeners.FirstOrDefault(l => l.Port.Security == ClientPortSecurity.Tls)?.LocalEndPoint; }
    }

    /// <summary>The key and trust stores of the TLS ports; null when no port speaks TLS.</summary>
    public ServerTls? Tls { get; }

    public TlsCounters TlsCounters { get; } = new();

    public void CountReceived() => _stats.CountReceived();

    public IReadOnlyList<ClientConnection> Connections
    {
        get { lock (_lock) return _connections.Values.ToList(); }
    }

    public void Start()
    {
        lock (_lock)
        {
            _started = true;
            foreach (var listener in _listeners) StartAccepting(listener);
        }
    }

    private bool _started;

    private void StartAccepting(ClientPortListener listener) => _acceptLoops.Add(Task.Run(() => AcceptLoopAsync(listener)));

    /// <summary>
    /// A reconfig gave this server another client address (Apache's ServerCnxnFactory.reconfigure, which only the
    /// non-TLS factory gets): the plaintext (or port-unified) port stops listening and listens at
    /// <paramref name="endpoint"/>; connected clients stay. If the new address cannot be bound the old one is taken
    /// back, so the server goes on serving where it did.
    /// </summary>
    public void MoveClientPort(IPEndPoint endpoint)
    {
        lock (_lock)
        {
            int index = _listeners.FindIndex(l => l.Port.Security != ClientPortSecurity.Tls);
            if (index < 0 || _stopping.IsCancellationRequested || _listeners[index].Port.EndPoint.Equals(endpoint)) return;
            var old = _listeners[index];
            old.Close();
            ClientPortListener moved;
            try
            {
                moved = new ClientPortListener(old.Port with { EndPoint = endpoint });
                Log.Info($"binding to port {moved.LocalEndPoint} (the reconfigured client address; was {old.LocalEndPoint})");
            }
            catch (SocketException e)
            {
                Log.Error($"Error reconfiguring client port to {endpoint}: {e.Message}; listening on {old.Port.EndPoint} again");
                try
                {
                    moved = new ClientPortListener(old.Port);
                }
                catch (SocketException again)
                {
                    Log.Error($"Cannot listen on {old.Port.EndPoint} again either: {again.Message}; this server takes no new clients");
                    return;
                }
            }
            _listeners[index] = moved;
            if (_started) StartAccepting(moved);
        }
    }

    /// <summary>Waits (bounded) until every connection closed after flushing its last replies.</summary>
    public async Task FlushAllAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            lock (_lock) if (_connections.Count == 0) return;
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>Shutting down: new clients are refused (connection refused), so they go to another server.</summary>
    public void StopAccepting()
    {
        lock (_lock)
        {
            _stopping.Cancel();
            foreach (var listener in _listeners) listener.Close();
        }
    }

    private async Task AcceptLoopAsync(ClientPortListener listener)
    {
        using var context = Logging.Log.BeginContext($"NIOServerCxnFactory.AcceptThread:{listener.LocalEndPoint}");
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.Socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { return; }
            catch (SocketException) when (listener.IsClosed) { return; }
            catch (SocketException e)
            {
                Log.Warn($"Ignoring unexpected exception during accept: {e.Message}");
                continue;
            }
            var address = ((IPEndPoint)socket.RemoteEndPoint!).Address;
            if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            if (!Admit(address))
            {
                Log.Warn($"Too many connections from {address} - max is {_maxClientCnxns}");
                socket.Dispose();
                continue;
            }
            var connection = new ClientConnection(socket, _sequencer, this, listener.Port.Security);
            lock (_lock) _connections[connection.Id] = connection;
            _ = Task.Run(connection.RunAsync);
        }
    }

    private bool Admit(IPAddress address)
    {
        lock (_lock)
        {
            int count = _perAddress.GetValueOrDefault(address);
            if (_maxClientCnxns > 0 && count >= _maxClientCnxns) return false;
            _perAddress[address] = count + 1;
            return true;
        }
    }

    /// <summary>Called once when a connection closes.</summary>
    public void Forget(ClientConnection connection)
    {
        lock (_lock)
        {
            if (!_connections.Remove(connection.Id)) return;
            var address = connection.Remote.Address;
            int count = _perAddress.GetValueOrDefault(address) - 1;
            if (count <= 0) _perAddress.Remove(address);
            else _perAddress[address] = count;
        }
    }

    public Task RunFourLetterWordAsync(ClientConnection connection, string word, byte[] argument)
    {
        return Task.Run(async () =>
        {
            try
            {
                Log.Info($"Processing {word} command from {connection.RemoteText}");
                string output = await _fourLetterWords(word, argument, connection).ConfigureAwait(false);
                connection.Outbound.EnqueueRaw(Encoding.UTF8.GetBytes(output));
            }
            catch (Exception e)
            {
                Log.Warn($"Four-letter word {word} from {connection.RemoteText} failed: {e.Message}");
            }
            connection.CloseAfterFlush();
        });
    }

    public async ValueTask DisposeAsync()
    {
        Task[] loops;
        lock (_lock)
        {
            _stopping.Cancel();
            foreach (var listener in _listeners) listener.Close();
            loops = [.. _acceptLoops];
        }
        await Task.WhenAll(loops).ConfigureAwait(false);
        foreach (var connection in Connections) connection.Close();
    }
}
