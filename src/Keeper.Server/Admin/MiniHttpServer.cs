using System.Net;
using System.Net.Sockets;
using System.Text;
using Keeper.Server.Logging;

namespace Keeper.Server.Admin;

/// <summary>
/// A deliberately small HTTP/1.1 server for the admin endpoint: one request per connection, the request line
/// only, a bounded head size and read time, a cap on concurrent connections. A bad request gets an error status
/// and one log line; nothing a client sends can reach the rest of the server. Built on sockets rather than
/// HttpListener because HttpListener matches the Host header against its prefix, which turns a request for
/// <c>localhost</c> to a server bound to <c>127.0.0.1</c> into a 400.
/// </summary>
internal sealed class MiniHttpServer : IAsyncDisposable
{
    private const int MaxHeadBytes = 16 * 1024;
    private const int MaxConnections = 32;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly Logger _log;
    private readonly TcpListener _listener;
    private readonly Func<HttpRequestLine, Task<HttpReply>> _handle;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots = new(MaxConnections);
    private Task _accepting = Task.CompletedTask;

    public MiniHttpServer(IPEndPoint endPoint, Func<HttpRequestLine, Task<HttpReply>> handle, Logger log)
    {
        _listener = new TcpListener(endPoint);
        _handle = handle;
        _log = log;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Binds the port; throws <see cref="SocketException"/> when it cannot.</summary>
    public void Start()
    {
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _log.Warn($"Admin server: accept failed: {e.Message}");
                continue;
            }

            if (!_slots.Wait(0))
            {
                // Too many at once: drop it rather than queue without bound.
                socket.Dispose();
                continue;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        try
        {
            using var stream = new NetworkStream(socket, ownsSocket: true);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(ReadTimeout);
            var reply = await ReplyToAsync(stream, remote, timeout.Token).ConfigureAwait(false);
            if (reply is not null)
            {
                await WriteAsync(stream, reply, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or stalled; nothing to answer.
        }
        catch (Exception e)
        {
            _log.Warn($"Admin server: request from {remote} failed: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<HttpReply?> ReplyToAsync(NetworkStream stream, string remote, CancellationToken ct)
    {
        var head = await ReadHeadAsync(stream, ct).ConfigureAwait(false);
        if (head is null)
        {
            return null;
        }

        if (head.Length > MaxHeadBytes)
        {
            _log.Warn($"Admin server: request head from {remote} is over {MaxHeadBytes} bytes");
            return HttpReply.Error(431, "request head too large");
        }

        var request = HttpRequestLine.Parse(head);
        if (request is null)
        {
            _log.Warn($"Admin server: bad request from {remote}: {Printable(head)}");
            return HttpReply.Error(400, "bad request");
        }

        if (request.Method is not ("GET" or "HEAD"))
        {
            return HttpReply.Error(405, $"HTTP method {request.Method} is not supported by this URL");
        }

        // Off the socket engine's thread first: a server process runs socket completions inline (keeper's
        // ServerRuntime), and a command (a Prometheus scrape, a dump) may take milliseconds of CPU.
        await Task.Yield();
        var reply = await _handle(request).ConfigureAwait(false);
        return request.Method == "HEAD" ? reply with { Body = [] } : reply;
    }

    /// <summary>Reads up to the blank line ending the head; null if the client closed first without sending anything.</summary>
    private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxHeadBytes + 1];
        int filled = 0;
        while (filled < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (n == 0) break;
            filled += n;
            var text = Encoding.Latin1.GetString(buffer, 0, filled);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal) || text.Contains("\n\n", StringComparison.Ordinal))
            {
                return text;
            }
        }

        return filled == 0 ? null : Encoding.Latin1.GetString(buffer, 0, filled);
    }

    private static async Task WriteAsync(NetworkStream stream, HttpReply reply, CancellationToken ct)
    {
        var head = $"HTTP/1.1 {reply.Status} {reply.Reason}\r\nContent-Type: {reply.ContentType}\r\n" +
                   $"Content-Length: {reply.Body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct).ConfigureAwait(false);
        await stream.WriteAsync(reply.Body, ct).ConfigureAwait(false);
    }

    private static string Printable(string head)
    {
        var first = head.Split('\n')[0].TrimEnd('\r');
        var clean = new string(first.Take(80).Select(c => c is >= ' ' and < (char)127 ? c : '?').ToArray());
        return first.Length > 80 ? clean + "..." : clean;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }
}
