using System.Net;
using System.Net.Sockets;

namespace Keeper.Client.Tests.Support;

/// <summary>
/// A loopback TCP forwarder between a client and the server, so tests can break connections the way
/// networks do: <see cref="CutAll"/> closes every current connection, <see cref="Refuse"/> closes new
/// ones at once (server unreachable), <see cref="Frozen"/> stops moving bytes without closing anything
/// (a silent server).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(Socket Client, Socket Server)> _pairs = [];
    private readonly Task _acceptLoop;
    private int _accepted;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }
    public string ConnectString => $"127.0.0.1:{Port}";

    /// <summary>How many client connections were accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public volatile bool Refuse;
    public volatile bool Frozen;

    /// <summary>Closes every connection now open, on both sides.</summary>
    public void CutAll()
    {
        List<(Socket Client, Socket Server)> pairs;
        lock (_pairs)
        {
            pairs = [.. _pairs];
            _pairs.Clear();
        }
        foreach (var (client, server) in pairs)
        {
            Close(client);
            Close(server);
        }
    }

    private static void Close(Socket socket)
    {
        try { socket.Shutdown(SocketShutdown.Both); } catch (Exception) { }
        socket.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) { return; }
            Interlocked.Increment(ref _accepted);
            if (Refuse)
            {
                Close(client);
                continue;
            }
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try { await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token); }
            catch (Exception)
            {
                Close(client);
                server.Dispose();
                continue;
            }
            lock (_pairs) _pairs.Add((client, server));
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (n == 0) break;
                while (Frozen) await Task.Delay(10, _stop.Token);
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception) { }
        lock (_pairs) _pairs.RemoveAll(p => p.Client == from || p.Server == from);
        Close(from);
        Close(to);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        CutAll();
        try { await _acceptLoop; } catch (Exception) { }
    }
}
