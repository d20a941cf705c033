using Keeper.Client.Tests.Support;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client.Tests.Wire;

/// <summary>The client's bytes and its reactions to the server's, against a scripted server.</summary>
public sealed class WireTests : IAsyncLifetime
{
    private readonly FakeServer _server = new();
    private readonly EventRecorder _events = new();
    private ZooKeeperClient? _client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            try { await _client.CloseAsync(TimeSpan.FromMilliseconds(200)).WaitAsync(TestTimeouts.Event); }
            catch (Exception) { }
        }
        await _server.DisposeAsync();
    }

    private Task<ZooKeeperClient> StartClient(int sessionTimeoutMs = 10_000, bool canBeReadOnly = false) =>
        ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = _server.ConnectString,
            SessionTimeoutMs = sessionTimeoutMs,
            CanBeReadOnly = canBeReadOnly,
            DefaultWatcher = _events.Watcher,
            ConnectTimeout = TestTimeouts.Event,
        });

    private async Task<FakeConnection> ConnectAsync(int negotiated = 10_000)
    {
        var connecting = StartClient();
        var (connection, _) = await _server.AcceptSessionAsync(timeout: negotiated);
        _client = await connecting.WaitAsync(TestTimeouts.Event);
        return connection;
    }

    [Fact]
    public async Task The_handshake_is_a_bare_45_byte_ConnectRequest_with_a_zero_password_and_the_readOnly_byte()
    {
        var connecting = StartClient(sessionTimeoutMs: 30_000, canBeReadOnly: true);
        var connection = await _server.AcceptAsync();
        var payload = await connection.ReadFrameAsync();
        Assert.Equal(Convert.FromHexString("00000000" + "0000000000000000" + "00007530" + "0000000000000000" + "00000010"
            + new string('0', 32) + "01"), payload);
        await connection.WriteConnectResponseAsync(new ConnectResponse(0, 30_000, 7, new byte[16], false));
        _client = await connecting.WaitAsync(TestTimeouts.Event);
    }

    [Fact]
    public async Task A_ConnectResponse_without_the_readOnly_byte_is_accepted()
    {
        var connecting = StartClient();
        var connection = await _server.AcceptAsync();
        await connection.ReadConnectRequestAsync();
        await connection.WriteConnectResponseAsync(new ConnectResponse(0, 4000, 0x55, new byte[16], false, HasReadOnlyField: false));
        _client = await connecting.WaitAsync(TestTimeouts.Event);
        Assert.Equal(0x55, _client.SessionId);
        Assert.Equal(4000, _client.NegotiatedTimeout);
    }

    [Fact]
    public async Task A_ConnectResponse_with_timeout_zero_means_the_session_expired()
    {
        var connecting = StartClient();
        var connection = await _server.AcceptAsync();
        await connection.ReadConnectRequestAsync();
        await connection.WriteConnectResponseAsync(new ConnectResponse(0, 0, 0, new byte[16], false));
        var e = await Assert.ThrowsAsync<KeeperException>(() => connecting.WaitAsync(TestTimeouts.Event));
        Assert.Equal(ErrorCode.SessionExpired, e.Code);
        Assert.Equal([KeeperState.Expired], _events.States);
    }

    [Fact]
    public async Task A_read_only_server_is_reported_as_ConnectedReadOnly()
    {
        var connecting = StartClient(canBeReadOnly: true);
        var connection = await _server.AcceptAsync();
        await connection.ReadConnectRequestAsync();
        await connection.WriteConnectResponseAsync(new ConnectResponse(0, 4000, 9, new byte[16], true));
        _client = await connecting.WaitAsync(TestTimeouts.Event);
        Assert.Equal(ZooKeeperState.ConnectedReadOnly, _client.State);
        await _events.WaitForStateAsync(KeeperState.ConnectedReadOnly);
    }

    [Fact]
    public async Task Requests_carry_xids_counting_from_1_and_replies_are_matched_in_order()
    {
        var connection = await ConnectAsync();
        var first = _client!.SyncAsync("/a");
        var second = _client.SyncAsync("/b");
        var r1 = await connection.ReadNonPingAsync();
        var r2 = await connection.ReadNonPingAsync();
        Assert.Equal(new RequestHeader(1, OpCode.Sync), r1.Header);
        Assert.Equal(new RequestHeader(2, OpCode.Sync), r2.Header);
        await connection.ReplyAsync(1, 10, ErrorCode.Ok, new PathRecord("/a"));
        await connection.ReplyAsync(2, 11, ErrorCode.Ok, new PathRecord("/b"));
        Assert.Equal("/a", await first.WaitAsync(TestTimeouts.Event));
        Assert.Equal("/b", await second.WaitAsync(TestTimeouts.Event));
        Assert.Equal(11, _client.LastZxid);
    }

    [Fact]
    public async Task A_reply_with_the_wrong_xid_drops_the_connection_and_fails_the_request_with_ConnectionLoss()
    {
        var connection = await ConnectAsync();
        var request = _client!.SyncAsync("/a");
        var (header, _) = await connection.ReadNonPingAsync();
        await connection.ReplyAsync(header.Xid + 5, 1, ErrorCode.Ok, new PathRecord("/a"));
        await Assert.ThrowsAsync<KeeperException>(() => request.WaitAsync(TestTimeouts.Event));
        Assert.Null(await connection.ReadFrameAsync());
        await _events.WaitForStateAsync(KeeperState.Disconnected);
    }

    [Fact]
    public async Task An_idle_connection_sends_pings_with_xid_minus_2()
    {
        // readTimeout = 2/3 * 3000; a ping is due after about readTimeout/2 = 1000 ms idle.
        var connection = await ConnectAsync(negotiated: 3000);
        var started = DateTime.UtcNow;
        var (header, body) = await connection.ReadRequestAsync();
        Assert.Equal(new RequestHeader(Xids.Ping, OpCode.Ping), header);
        Assert.Empty(body);
        Assert.InRange((DateTime.UtcNow - started).TotalMilliseconds, 500, 2500);
    }

    [Fact]
    public async Task A_silent_server_is_left_after_the_read_timeout_and_the_session_resumed_elsewhere()
    {
        var connecting = StartClient();
        var password = Enumerable.Range(100, 16).Select(i => (byte)i).ToArray();
        var (first, _) = await _server.AcceptSessionAsync(sessionId: 0x77, timeout: 1500, password: password);
        _client = await connecting.WaitAsync(TestTimeouts.Event);
        var sync = _client.SyncAsync("/z");
        var (header, _) = await first.ReadNonPingAsync();
        await first.ReplyAsync(header.Xid, 0x42, ErrorCode.Ok, new PathRecord("/z"));
        await sync;
        // Now say nothing: the client must give up after 1000 ms and come back with the same session.
        var (second, request) = await _server.AcceptSessionAsync(sessionId: 0x77, timeout: 1500, password: password);
        Assert.Equal(0x77, request.SessionId);
        Assert.Equal(password, request.Password);
        Assert.Equal(0x42, request.LastZxidSeen);
        // Only pings (unanswered) were sent on the first connection before the client closed it.
        while (await first.ReadFrameAsync() is { } frame) Assert.Equal(OpCode.Ping, (OpCode)frame[7]);
        second.Dispose();
    }

    [Fact]
    public async Task A_reconnect_sends_auth_then_SetWatches_before_queued_requests()
    {
        var first = await ConnectAsync();
        var auth = _client!.AddAuthAsync("digest", "u:p"u8.ToArray());
        var authRequest = await first.ReadNonPingAsync();
        Assert.Equal(new RequestHeader(Xids.Auth, OpCode.Auth), authRequest.Header);
        await first.ReplyAsync(Xids.Auth, 0, ErrorCode.Ok);
        await auth;
        var exists = _client.ExistsAsync("/w", true);
        var existsRequest = await first.ReadNonPingAsync();
        await first.ReplyAsync(existsRequest.Header.Xid, 0x30, ErrorCode.NoNode);
        Assert.Null(await exists);

        first.Dispose();
        var (second, _) = await _server.AcceptSessionAsync();
        var resentAuth = await second.ReadNonPingAsync();
        Assert.Equal(new RequestHeader(Xids.Auth, OpCode.Auth), resentAuth.Header);
        Assert.Equal(authRequest.Body, resentAuth.Body);
        var setWatches = await second.ReadNonPingAsync();
        Assert.Equal(OpCode.SetWatches, setWatches.Header.Type);
        Assert.Equal(existsRequest.Header.Xid + 1, setWatches.Header.Xid);
        var reader = new JuteReader(setWatches.Body);
        Assert.Equal(new SetWatches(0x30, [], ["/w"], []), SetWatches.Read(ref reader), SetWatchesComparer.Instance);
    }

    [Fact]
    public async Task Persistent_watches_are_registered_again_with_SetWatches2()
    {
        var first = await ConnectAsync();
        var add = _client!.AddWatchAsync("/p", AddWatchMode.PersistentRecursive);
        var request = await first.ReadNonPingAsync();
        await first.ReplyAsync(request.Header.Xid, 5, ErrorCode.Ok, new ErrorResponse(ErrorCode.Ok));
        await add;
        first.Dispose();
        var (second, _) = await _server.AcceptSessionAsync();
        var setWatches = await second.ReadNonPingAsync();
        Assert.Equal(OpCode.SetWatches2, setWatches.Header.Type);
        var reader = new JuteReader(setWatches.Body);
        var record = SetWatches2.Read(ref reader);
        Assert.Equal(["/p"], record.PersistentRecursiveWatches);
        Assert.Equal(5, record.RelativeZxid);
    }

    [Fact]
    public async Task An_auth_reply_is_matched_out_of_band_ahead_of_pending_replies()
    {
        var connection = await ConnectAsync();
        var sync = _client!.SyncAsync("/a");
        var auth = _client.AddAuthAsync("digest", "u:p"u8.ToArray());
        var syncRequest = await connection.ReadNonPingAsync();
        await connection.ReadNonPingAsync();
        await connection.ReplyAsync(Xids.Auth, 0, ErrorCode.Ok);
        await auth.WaitAsync(TestTimeouts.Event);
        Assert.False(sync.IsCompleted);
        await connection.ReplyAsync(syncRequest.Header.Xid, 1, ErrorCode.Ok, new PathRecord("/a"));
        Assert.Equal("/a", await sync.WaitAsync(TestTimeouts.Event));
    }

    [Fact]
    public async Task A_notification_zxid_is_passed_on_in_the_event()
    {
        var connection = await ConnectAsync();
        var exists = _client!.ExistsAsync("/w", true);
        var request = await connection.ReadNonPingAsync();
        await connection.ReplyAsync(request.Header.Xid, 3, ErrorCode.NoNode);
        await exists;
        await connection.NotifyAsync(EventType.NodeCreated, "/w", zxid: 0x99);
        var e = await _events.WaitForNodeEventAsync(EventType.NodeCreated, "/w");
        Assert.Equal(0x99, e.Zxid);
    }

    [Fact]
    public async Task Null_data_is_sent_as_length_minus_1_and_empty_data_as_length_0()
    {
        var connection = await ConnectAsync();
        _ = _client!.SetDataAsync("/n", null);
        _ = _client.SetDataAsync("/e", []);
        var nullRequest = await connection.ReadNonPingAsync();
        var emptyRequest = await connection.ReadNonPingAsync();
        Assert.Equal(Convert.FromHexString("00000002" + "2f6e" + "ffffffff" + "ffffffff"), nullRequest.Body);
        Assert.Equal(Convert.FromHexString("00000002" + "2f65" + "00000000" + "ffffffff"), emptyRequest.Body);
    }

    [Fact]
    public async Task Close_sends_closeSession_and_waits_for_its_reply()
    {
        var connection = await ConnectAsync();
        var closing = _client!.CloseAsync();
        var (header, body) = await connection.ReadNonPingAsync();
        Assert.Equal(OpCode.CloseSession, header.Type);
        Assert.Empty(body);
        Assert.False(closing.IsCompleted);
        await connection.ReplyAsync(header.Xid, 9, ErrorCode.Ok);
        await closing.WaitAsync(TestTimeouts.Event);
        Assert.Equal(ZooKeeperState.Closed, _client.State);
    }

    [Fact]
    public async Task A_frame_longer_than_jute_maxbuffer_drops_the_connection()
    {
        var connection = await ConnectAsync();
        await connection.WriteRawAsync([0x00, 0x10, 0x00, 0x00]);
        await _events.WaitForStateAsync(KeeperState.Disconnected);
    }

    private sealed class SetWatchesComparer : IEqualityComparer<SetWatches>
    {
        public static readonly SetWatchesComparer Instance = new();

        public bool Equals(SetWatches? x, SetWatches? y) =>
            x is not null && y is not null && x.RelativeZxid == y.RelativeZxid && x.DataWatches.SequenceEqual(y.DataWatches)
            && x.ExistWatches.SequenceEqual(y.ExistWatches) && x.ChildWatches.SequenceEqual(y.ChildWatches);

        public int GetHashCode(SetWatches obj) => obj.RelativeZxid.GetHashCode();
    }
}
