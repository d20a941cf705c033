using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client.Tests.Support;

/// <summary>
/// A scripted server on 127.0.0.1 for checking the client's bytes exactly and for answers no real
/// server gives (replies out of order, notifications with a zxid, silence). Every read is bounded.
/// </summary>
public sealed class FakeServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<FakeConnection> _connections = [];

    public FakeServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }
    public string ConnectString => $"127.0.0.1:{Port}";

    public async Task<FakeConnection> AcceptAsync()
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Event);
        var socket = await _listener.AcceptSocketAsync(cts.Token);
        var connection = new FakeConnection(socket);
        lock (_connections) _connections.Add(connection);
        return connection;
    }

    /// <summary>Accepts a connection and completes the handshake of a new (or resumed) session.</summary>
    public async Task<(FakeConnection Connection, ConnectRequest Request)> AcceptSessionAsync(
        long sessionId = 0x1234, int timeout = 10_000, byte[]? password = null)
    {
        var connection = await AcceptAsync();
        var request = await connection.ReadConnectRequestAsync();
        await connection.WriteConnectResponseAsync(new ConnectResponse(0, timeout, sessionId, password ?? Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(), false));
        return (connection, request);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        List<FakeConnection> connections;
        lock (_connections) connections = [.. _connections];
        foreach (var c in connections) c.Dispose();
        await Task.CompletedTask;
    }
}

public sealed class FakeConnection(Socket socket) : IDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);

    /// <summary>One frame's payload, or null when the client closed the connection.</summary>
    public async Task<byte[]?> ReadFrameAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TestTimeouts.Event);
        var prefix = new byte[4];
        if (!await ReadExactlyAsync(prefix, cts.Token)) return null;
        var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(prefix)];
        if (!await ReadExactlyAsync(payload, cts.Token)) return null;
        return payload;
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken token)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, token);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async Task<ConnectRequest> ReadConnectRequestAsync()
    {
        var payload = await ReadFrameAsync() ?? throw new IOException("client closed before the handshake");
        var reader = new JuteReader(payload);
        return ConnectRequest.Read(ref reader);
    }

    public Task WriteConnectResponseAsync(ConnectResponse response) => WriteRecordsAsync(response);

    /// <summary>The next request: its header and the body bytes.</summary>
    public async Task<(RequestHeader Header, byte[] Body)> ReadRequestAsync(TimeSpan? timeout = null)
    {
        var payload = await ReadFrameAsync(timeout) ?? throw new IOException("client closed the connection");
        var reader = new JuteReader(payload);
        var header = RequestHeader.Read(ref reader);
        return (header, payload[8..]);
    }

    /// <summary>The next request that is not a ping.</summary>
    public async Task<(RequestHeader Header, byte[] Body)> ReadNonPingAsync()
    {
        while (true)
        {
            var request = await ReadRequestAsync();
            if (request.Header.Type != OpCode.Ping) return request;
        }
    }

    public Task ReplyAsync(int xid, long zxid, ErrorCode err, IJuteRecord? body = null) =>
        body is null ? WriteRecordsAsync(new ReplyHeader(xid, zxid, err)) : WriteRecordsAsync(new ReplyHeader(xid, zxid, err), body);

    public Task NotifyAsync(EventType type, string path, long zxid = -1) =>
        WriteRecordsAsync(new ReplyHeader(Xids.Notification, zxid, ErrorCode.Ok), new WatcherEvent(type, KeeperState.SyncConnected, path));

    public async Task WriteRecordsAsync(params IJuteRecord[] records)
    {
        using var writer = new JuteWriter();
        int frame = writer.BeginFrame();
        foreach (var record in records) record.Write(writer);
        writer.EndFrame(frame);
        await WriteRawAsync(writer.ToArray());
    }

    public async Task WriteRawAsync(byte[] bytes)
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Event);
        await _stream.WriteAsync(bytes, cts.Token);
    }

    public void Dispose() => _stream.Dispose();
}
