using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Keeper.Consensus.Election;
using Keeper.Consensus.Wire;
using static Keeper.Server.Tests.Election.ElectionCluster;

namespace Keeper.Server.Tests.Election;

/// <summary>
/// Whatever arrives on the election port, only that connection is closed, with one log line naming the peer and
/// the reason, and the network carries on (sid 1 and 2 keep talking). Also the sids Apache serves although they
/// are not in its view.
/// </summary>
public sealed class ElectionBadInputTests : IAsyncLifetime
{
    private readonly ElectionCluster _cluster = new(1, 2);
    private Node _one = null!;
    private Node _two = null!;

    public async Task InitializeAsync()
    {
        _one = await _cluster.StartAsync(1);
        _two = await _cluster.StartAsync(2);
        _one.Network.Send(2, Vote(1, epoch: 1));
        Assert.True(await EventuallyAsync(() => _two.HasReceived(1, Vote(1, epoch: 1))));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private int TwoPort => _cluster.Addresses[2].Port;

    public static TheoryData<string, byte[], string> BadStarts => new()
    {
        { "garbage", [0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08], "unrecognized election protocol version" },
        { "address length", Header(ElectionHandshake.ProtocolVersionV1, 9, 5000), "unreasonable election address length 5000" },
        { "bad address", [.. Header(ElectionHandshake.ProtocolVersionV1, 9, 7), .. "no-port"u8.ToArray()], "badly formed address" },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task A_bad_initial_message_closes_only_that_connection(string what, byte[] bytes, string reason)
    {
        using var client = await ConnectAsync();
        await client.GetStream().WriteAsync(bytes);

        Assert.True(await ClosedByPeerAsync(client), what);
        await AssertOneLineAsync(_two, reason);
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task Silence_after_connecting_times_out_the_initial_message()
    {
        using var client = await ConnectAsync();
        Assert.True(await ClosedByPeerAsync(client, TimeSpan.FromSeconds(10)));
        await AssertOneLineAsync(_two, "no initial message within");
        await AssertStillWorkingAsync();
    }

    public static TheoryData<string, byte[], string> BadFrames => new()
    {
        { "oversize", Int(ElectionFrame.MaxMessageLength + 1), "invalid election message length 524289" },
        { "zero length", Int(0), "invalid election message length 0" },
        { "too short", [.. Int(10), .. new byte[10]], "notification rejected (TooShort), 10 bytes" },
        { "unknown state", [.. Int(44), .. Notification(state: 7)], "notification rejected (UnknownState), 44 bytes" },
        { "bad config length", [.. Int(44), .. Notification(configLength: 100)], "notification rejected (BadConfigLength), 44 bytes" },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task A_bad_frame_after_a_good_handshake_closes_only_that_connection(string what, byte[] frame, string reason)
    {
        using var client = await ConnectAsync();
        var stream = client.GetStream();
        await stream.WriteAsync(ElectionHandshake.V1(9, new ElectionAddress("127.0.0.1", 1)).Encode());
        Assert.True(await EventuallyAsync(() => _two.Network.IsConnected(9)), what);
        await stream.WriteAsync(frame);

        Assert.True(await ClosedByPeerAsync(client), what);
        await AssertOneLineAsync(_two, $"Closing election connection to sid 9 (127.0.0.1:{((IPEndPoint)client.Client.LocalEndPoint!).Port}): ");
        await AssertOneLineAsync(_two, reason);
        Assert.False(_two.Network.IsConnected(9));
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task A_larger_sid_outside_the_view_is_served_as_Apache_does()
    {
        using var client = await ConnectAsync();
        var stream = client.GetStream();
        // Initial message and first frame in one segment: the bytes after the handshake are not lost.
        byte[] both = [.. ElectionHandshake.V1(9, new ElectionAddress("127.0.0.1", 1)).Encode(), .. ElectionFrame.Encode(NotificationCodec.Encode(Vote(9)))];
        await stream.WriteAsync(both);

        Assert.True(await EventuallyAsync(() => _two.HasReceived(9, Vote(9))));
        _two.Network.Send(9, Vote(2, epoch: 4));
        var got = await ReadNotificationAsync(stream);
        Assert.Equal(Vote(2, epoch: 4).Vote, got.Vote);
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task A_smaller_sid_outside_the_view_is_dialled_back_at_the_address_it_gave()
    {
        // sid 0 < 2: Apache closes the connection and dials the address from the initial message.
        using var callback = new TcpListener(IPAddress.Loopback, 0);
        callback.Start();
        int callbackPort = ((IPEndPoint)callback.LocalEndpoint).Port;
        using (var client = await ConnectAsync())
        {
            await client.GetStream().WriteAsync(ElectionHandshake.V1(0, new ElectionAddress("127.0.0.1", callbackPort)).Encode());
            Assert.True(await ClosedByPeerAsync(client));
        }

        using var dialled = await callback.AcceptTcpClientAsync().WaitAsync(Patience);
        var handshake = await ReadHandshakeAsync(dialled.GetStream());
        Assert.Equal(2, handshake.Sid);
        Assert.Equal(ElectionHandshake.ProtocolVersionV1, handshake.ProtocolVersion);
        Assert.Equal(_cluster.Addresses[2].Port, handshake.Addresses.Single().Port);
        Assert.True(await EventuallyAsync(() => _two.Network.IsConnected(0)));

        _two.Network.Send(0, Vote(2, epoch: 5));
        Assert.Equal(5, (await ReadNotificationAsync(dialled.GetStream())).ElectionEpoch);
    }

    [Fact]
    public async Task An_observer_without_an_id_gets_a_negative_id_and_is_dialled_back()
    {
        using var callback = new TcpListener(IPAddress.Loopback, 0);
        callback.Start();
        int callbackPort = ((IPEndPoint)callback.LocalEndpoint).Port;
        using (var client = await ConnectAsync())
            await client.GetStream().WriteAsync(ElectionHandshake.V1(long.MaxValue, new ElectionAddress("127.0.0.1", callbackPort)).Encode());

        using var dialled = await callback.AcceptTcpClientAsync().WaitAsync(Patience);
        Assert.Equal(2, (await ReadHandshakeAsync(dialled.GetStream())).Sid);
        Assert.True(await EventuallyAsync(() => _two.Network.IsConnected(-1)));
        await AssertOneLineAsync(_two, "Setting arbitrary identifier to observer: -1");
    }

    [Fact]
    public async Task Our_own_sid_from_elsewhere_is_refused()
    {
        using var client = await ConnectAsync();
        await client.GetStream().WriteAsync(ElectionHandshake.V1(2, new ElectionAddress("127.0.0.1", 1)).Encode());
        Assert.True(await ClosedByPeerAsync(client));
        await AssertOneLineAsync(_two, "We got a connection request from a server with our own ID");
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task The_old_initial_message_of_a_bare_sid_is_accepted()
    {
        using var client = await ConnectAsync();
        var stream = client.GetStream();
        await stream.WriteAsync(new ElectionHandshake(ElectionHandshake.OldFormat, 9, []).Encode());
        await stream.WriteAsync(ElectionFrame.Encode(NotificationCodec.Encode(Vote(9))));
        Assert.True(await EventuallyAsync(() => _two.HasReceived(9, Vote(9))));
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, TwoPort).WaitAsync(Patience);
        return client;
    }

    private async Task AssertStillWorkingAsync()
    {
        var epoch = Random.Shared.Next(100, 1_000_000);
        _one.Network.Send(2, Vote(1, epoch));
        _two.Network.Send(1, Vote(2, epoch));
        Assert.True(await EventuallyAsync(() => _two.HasReceived(1, Vote(1, epoch)) && _one.HasReceived(2, Vote(2, epoch))),
            "sid 1 and 2 stopped talking");
    }

    private static async Task AssertOneLineAsync(Node node, string text)
    {
        Assert.True(await EventuallyAsync(() => node.LogText.Contains(text, StringComparison.Ordinal)), $"no log line with '{text}':\n{node.LogText}");
        var lines = node.LogText.Split('\n').Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 1, $"{lines.Count} lines with '{text}':\n{string.Join('\n', lines)}");
    }

    private static async Task<bool> ClosedByPeerAsync(TcpClient client, TimeSpan? timeout = null)
    {
        var buffer = new byte[1024];
        using var cancel = new CancellationTokenSource(timeout ?? Patience);
        try
        {
            for (int reads = 0; reads < 1000; reads++)
                if (await client.GetStream().ReadAsync(buffer, cancel.Token) == 0) return true;
            return false;
        }
        catch (IOException)
        {
            return true; // reset
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        using var cancel = new CancellationTokenSource(Patience);
        await stream.ReadExactlyAsync(buffer, cancel.Token);
        return buffer;
    }

    private static async Task<ElectionHandshake> ReadHandshakeAsync(Stream stream)
    {
        var header = await ReadExactlyAsync(stream, 20);
        int length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16));
        return ElectionHandshake.Decode([.. header, .. await ReadExactlyAsync(stream, length)]);
    }

    private static async Task<Notification> ReadNotificationAsync(Stream stream)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(await ReadExactlyAsync(stream, 4));
        return NotificationCodec.Decode(await ReadExactlyAsync(stream, length));
    }

    private static byte[] Header(long version, long sid, int addressLength)
    {
        var bytes = new byte[20];
        BinaryPrimitives.WriteInt64BigEndian(bytes, version);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(8), sid);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), addressLength);
        return bytes;
    }

    private static byte[] Int(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Notification(int state = 0, int configLength = 0)
    {
        var bytes = NotificationCodec.Encode(Vote(9));
        BinaryPrimitives.WriteInt32BigEndian(bytes, state);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(40), configLength);
        return bytes;
    }
}
