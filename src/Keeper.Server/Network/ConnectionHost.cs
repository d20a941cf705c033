using System.Net;
using System.Net.Sockets;
using System.Text;
using Keeper.Server.Logging;
using Keeper.Server.Pipeline;

namespace Keeper.Server.Network;

/// <summary>
/// The client port: accepts connections (at most maxClientCnxns per client address), tracks the live ones
/// for cons/stat, and answers four-letter words.
/// </summary>
internal sealed class ConnectionHost : IAsyncDisposable
{
    private static readonly Logger Log = Logging.Log.For<ConnectionHost>();

    private readonly Socket _listener;
    private readonly Sequencer _sequencer;
    private readonly ServerStats _stats;
    private readonly int _maxClientCnxns;
    private readonly Func<string, byte[], ClientConnection, Task<string>> _fourLetterWords;
    private readonly Dictionary<long, ClientConnection> _connections = [];
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly object _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _acceptLoop;

    public ConnectionHost(IPEndPoint endpoint, Sequencer sequencer, ServerStats stats, int maxBuffer, int maxClientCnxns,
        Func<string, byte[], ClientConnection, Task<string>> fourLetterWords)
    {
        _sequencer = sequencer;
        _stats = stats;
        MaxBuffer = maxBuffer;
        _maxClientCnxns = maxClientCnxns;
        _fourLetterWords = fourLetterWords;
        _listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
            _listener.DualMode = true;
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(endpoint);
        _listener.Listen(512);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public int MaxBuffer { get; }
    public IPEndPoint LocalEndPoint { get; }

    public void CountReceived() => _stats.CountReceived();

    public IReadOnlyList<ClientConnection> Connections
    {
        get { lock (_lock) return _connections.Values.ToList(); }
    }

    public void Start() => _acceptLoop = Task.Run(AcceptLoopAsync);

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
        _stopping.Cancel();
        _listener.Close();
    }

    private async Task AcceptLoopAsync()
    {
        using var context = Logging.Log.BeginContext($"NIOServerCxnFactory.AcceptThread:{LocalEndPoint}");
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { return; }
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
            var connection = new ClientConnection(socket, _sequencer, this);
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
        _stopping.Cancel();
        _listener.Dispose();
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
        foreach (var connection in Connections) connection.Close();
    }
}
