using System.Buffers.Binary;
using System.Net.Sockets;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.TestSupport;

namespace Keeper.Server.Tests.Network;

/// <summary>
/// Nothing a client sends may hurt the server: a bad frame closes that connection (with one log line),
/// every other client carries on, and the server keeps its data.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private KeeperServer _server = null!;
    private ZooKeeperClient _bystander = null!;

    public async Task InitializeAsync()
    {
        _server = await KeeperServer.StartAsync(new Dictionary<string, string> { ["maxClientCnxns"] = "20" });
        _bystander = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectString = _server.ConnectString });
        await _bystander.CreateAsync("/kept", "safe"u8.ToArray(), Acls.OpenAclUnsafe, CreateMode.Persistent);
    }

    public async Task DisposeAsync()
    {
        await _bystander.DisposeAsync();
        await _server.DisposeAsync();
    }

    public static IEnumerable<object[]> Garbage =>
    [
        ["negative length", Frame(-5)],
        ["length over jute.maxbuffer", Frame(0x100000)],
        ["random bytes", new byte[] { 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3 }],
        ["truncated connect request", Framed([0, 0, 0, 0, 1])],
        ["connect request with an absurd password length", Framed(Connect(passwordLength: 0x7fffffff))],
    ];

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Garbage_before_the_handshake_closes_only_that_connection(string what, byte[] bytes)
    {
        Assert.True(await SendAndExpectCloseAsync(bytes), $"{what}: the connection stayed open");
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task A_request_whose_body_does_not_parse_gets_MarshallingError_and_the_connection_stays()
    {
        using var socket = await HandshakeAsync();
        // A create (xid 1) whose path length claims more bytes than the frame holds: as ZooKeeper does,
        // the reply is MarshallingError and the connection carries on.
        await socket.SendAsync(Framed([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0x10, 0]));
        Assert.Equal((1, ErrorCode.MarshallingError), await ReplyAsync(socket));
        await socket.SendAsync(Framed([0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 11])); // ping
        Assert.Equal((-2, ErrorCode.Ok), await ReplyAsync(socket));
        await AssertServerStillServesAsync();
    }

    private static async Task<(int Xid, ErrorCode Err)> ReplyAsync(Socket socket)
    {
        var reply = await ReadFrameAsync(socket);
        var reader = new JuteReader(reply);
        var header = ReplyHeader.Read(ref reader);
        return (header.Xid, header.Err);
    }

    [Fact]
    public async Task An_unknown_op_code_gets_unimplemented_and_the_connection_is_closed()
    {
        using var socket = await HandshakeAsync();
        await socket.SendAsync(Framed([0, 0, 0, 7, 0, 0, 0x03, 0xe7])); // xid 7, op 999
        var reply = await ReadFrameAsync(socket);
        var reader = new JuteReader(reply);
        var header = ReplyHeader.Read(ref reader);
        Assert.Equal(7, header.Xid);
        Assert.Equal(ErrorCode.Unimplemented, header.Err);
        Assert.True(await ClosedAsync(socket));
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task Connections_beyond_maxClientCnxns_from_one_address_are_refused()
    {
        var sockets = new List<Socket>();
        try
        {
            // The bystander holds one of the 20.
            for (int i = 0; i < 19; i++) sockets.Add(await HandshakeAsync());
            using var extra = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await extra.ConnectAsync("127.0.0.1", _server.Port);
            Assert.True(await ClosedAsync(extra), "the 21st connection was accepted");
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }
        await AssertServerStillServesAsync();
    }

    private async Task AssertServerStillServesAsync()
    {
        var (data, _) = await _bystander.GetDataAsync("/kept");
        Assert.Equal("safe"u8.ToArray(), data);
    }

    private async Task<bool> SendAndExpectCloseAsync(byte[] bytes)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", _server.Port);
        await socket.SendAsync(bytes);
        return await ClosedAsync(socket);
    }

    private async Task<Socket> HandshakeAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", _server.Port);
        await socket.SendAsync(Framed(Connect(passwordLength: 16)));
        var response = await ReadFrameAsync(socket);
        Assert.Equal(37, response.Length);
        return socket;
    }

    /// <summary>True once the server closes the socket (bounded wait).</summary>
    private static async Task<bool> ClosedAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0) return true;
        }
        catch (SocketException) { return true; }
        catch (OperationCanceledException) { return false; }
    }

    private static async Task<byte[]> ReadFrameAsync(Socket socket)
    {
        var length = new byte[4];
        await ReceiveExactlyAsync(socket, length);
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(length)];
        await ReceiveExactlyAsync(socket, frame);
        return frame;
    }

    private static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (int read = 0; read < buffer.Length;)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
            if (n == 0) throw new IOException("closed");
            read += n;
        }
    }

    private static byte[] Frame(int length)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(bytes, length);
        return bytes;
    }

    private static byte[] Framed(byte[] payload)
    {
        var bytes = new byte[payload.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, payload.Length);
        payload.CopyTo(bytes, 4);
        return bytes;
    }

    private static byte[] Connect(int passwordLength)
    {
        using var w = new JuteWriter();
        w.WriteInt(0); w.WriteLong(0); w.WriteInt(30000); w.WriteLong(0);
        w.WriteInt(passwordLength);
        if (passwordLength <= 16) w.WriteRaw(new byte[passwordLength]);
        w.WriteBool(false);
        return w.ToArray();
    }
}
