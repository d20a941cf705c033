using System.Net;
using System.Net.Sockets;
using Keeper.Server.Logging;

namespace Keeper.Server.Election;

/// <summary>
/// The election port's accept loop (QuorumCnxManager.Listener/ListenerHandler): bind, accept until stopped,
/// and on a socket error close, wait <see cref="ElectionNetworkOptions.BindRetryDelay"/> and bind again, giving
/// up after <see cref="ElectionNetworkOptions.BindRetryLimit"/> consecutive failures (a successful accept resets
/// the count, as in Apache).
/// </summary>
internal sealed class ElectionListener
{
    private readonly Logger _log;
    private readonly long _myId;
    private readonly DnsEndPoint _address;
    private readonly ElectionNetworkOptions _options;
    private readonly Action<Socket> _onAccepted;
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ElectionListener(long myId, DnsEndPoint address, ElectionNetworkOptions options, Action<Socket> onAccepted, Logger log)
    {
        _log = log;
        _myId = myId;
        _address = address;
        _options = options;
        _onAccepted = onAccepted;
    }

    /// <summary>Completes with the bound endpoint; faults if the listener gave up; cancelled if stopped first.</summary>
    public Task<IPEndPoint> Bound => _bound.Task;

    public async Task RunAsync(CancellationToken stop)
    {
        await Task.Yield();
        using var context = Log.BeginContext($"ListenerHandler-{_address.Host}:{_address.Port}");
        int failures = 0;
        Exception? last = null;
        while (!stop.IsCancellationRequested && (_options.BindRetryLimit == 0 || failures < _options.BindRetryLimit))
        {
            Socket? listener = null;
            try
            {
                var endPoint = await BindAddressAsync(stop).ConfigureAwait(false);
                listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(endPoint);
                listener.Listen(50);
                var local = (IPEndPoint)listener.LocalEndPoint!;
                _log.Info($"{_myId} is accepting connections now, my election bind port: {local}");
                _bound.TrySetResult(local);
                while (true)
                {
                    var client = await listener.AcceptAsync(stop).ConfigureAwait(false);
                    failures = 0;
                    _onAccepted(client);
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                last = e;
                failures++;
                _log.Error($"Exception while listening to address {_address.Host}:{_address.Port}: {e.Message}");
                listener?.Dispose();
                listener = null;
                try
                {
                    await Task.Delay(_options.BindRetryDelay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            finally
            {
                listener?.Dispose();
            }
        }

        if (stop.IsCancellationRequested)
        {
            _bound.TrySetCanceled(stop);
            return;
        }
        _log.Error($"Leaving listener thread for address {_address.Host}:{_address.Port} after {failures} errors. "
            + "Use zookeeper.electionPortBindRetry property to increase retry count.");
        _bound.TrySetException(new IOException(
            $"could not listen on election address {_address.Host}:{_address.Port} after {failures} attempts", last));
    }

    /// <summary>
    /// quorumListenOnAllIPs binds the wildcard; otherwise the configured host, resolved now (Apache resolves it
    /// on every bind attempt too, so a host whose address changes is picked up by the retry).
    /// </summary>
    private async Task<IPEndPoint> BindAddressAsync(CancellationToken stop)
    {
        if (_options.ListenOnAllIPs) return new IPEndPoint(IPAddress.Any, _address.Port);
        if (IPAddress.TryParse(_address.Host, out var literal)) return new IPEndPoint(literal, _address.Port);
        var addresses = await Dns.GetHostAddressesAsync(_address.Host, stop).ConfigureAwait(false);
        if (addresses.Length == 0) throw new IOException($"election host {_address.Host} does not resolve");
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
        return new IPEndPoint(chosen, _address.Port);
    }
}
