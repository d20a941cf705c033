using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Protocol.Tests.Support;

namespace Keeper.Protocol.Tests;

/// <summary>
/// PROTOCOL.md §12: bytes captured from a live ZooKeeper 3.8.0, framed as they travel (4-byte length first).
/// Each example is checked in both directions: we write exactly these bytes, and we read them back.
/// </summary>
public class VerifiedWireExampleTests
{
    private const string NewSessionConnectRequest =
        "0000002d 00000000 0000000000000000 00007530 0000000000000000 00000010 " +
        "00000000000000000000000000000000 00";

    private const string ConnectResponseCapture =
        "00000025 00000000 00007530 01000007eb810008 00000010 9ebb7764ae45fcf195497f8e44f239cc 00";

    private const string InvalidSessionResponse =
        "00000025 00000000 00000000 0000000000000000 00000010 00000000000000000000000000000000 00";

    private const string ExistsRequest = "0000000f 00000001 00000003 00000002 2f77 01";
    private const string Notification = "ffffffff ffffffffffffffff 00000000 | 00000001 00000003 00000002 2f77";
    private const string PingRequest = "00000008 fffffffe 0000000b";

    /// <summary>Strips the 4-byte frame length, checking it against the payload.</summary>
    private static byte[] Payload(string framedHex)
    {
        var framed = Hex.Parse(framedHex);
        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(framed);
        Assert.Equal(framed.Length - 4, length);
        return framed[4..];
    }

    [Fact]
    public void New_session_ConnectRequest_with_30000ms_timeout_is_written_as_captured()
    {
        var request = new ConnectRequest(0, 0, 30000, 0, new byte[16], ReadOnly: false);
        Assert.Equal(Hex.Normalize(NewSessionConnectRequest), Hex.Of(Wire.Frame(request)));
    }

    [Fact]
    public void New_session_ConnectRequest_capture_reads_as_a_new_session()
    {
        var request = Wire.Decode<ConnectRequest>(Payload(NewSessionConnectRequest));
        Structural.AssertEqual(new ConnectRequest(0, 0, 30000, 0, new byte[16], false, HasReadOnlyField: true), request);
    }

    [Fact]
    public void ConnectResponse_is_written_as_the_captured_41_bytes()
    {
        var response = new ConnectResponse(0, 30000, 0x1000007eb810008,
            Convert.FromHexString("9ebb7764ae45fcf195497f8e44f239cc"), ReadOnly: false);
        var framed = Wire.Frame(response);
        Assert.Equal(Hex.Normalize(ConnectResponseCapture), Hex.Of(framed));
    }

    [Fact]
    public void ConnectResponse_capture_has_a_37_byte_payload()
    {
        Assert.Equal(37, Payload(ConnectResponseCapture).Length);
    }

    [Fact]
    public void ConnectResponse_capture_reads_back_session_password_and_timeout()
    {
        var response = Wire.Decode<ConnectResponse>(Payload(ConnectResponseCapture));
        Structural.AssertEqual(
            new ConnectResponse(0, 30000, 0x1000007eb810008, Convert.FromHexString("9ebb7764ae45fcf195497f8e44f239cc"), false),
            response);
    }

    [Fact]
    public void Invalid_session_response_is_all_zero_with_a_16_byte_zero_password()
    {
        var response = new ConnectResponse(0, 0, 0, new byte[16], ReadOnly: false);
        Assert.Equal(Hex.Normalize(InvalidSessionResponse), Hex.Of(Wire.Frame(response)));
    }

    [Fact]
    public void Invalid_session_response_reads_with_timeout_zero_meaning_expired()
    {
        var response = Wire.Decode<ConnectResponse>(Payload(InvalidSessionResponse));
        Assert.Equal((0, 0L), (response.TimeOut, response.SessionId));
    }

    [Fact]
    public void Exists_request_with_watch_is_written_as_captured()
    {
        var framed = Wire.Frame(new RequestHeader(1, OpCode.Exists), new PathWatchRequest("/w", true));
        Assert.Equal(Hex.Normalize(ExistsRequest), Hex.Of(framed));
    }

    [Fact]
    public void Exists_request_capture_reads_as_header_then_path_and_watch()
    {
        var reader = new JuteReader(Payload(ExistsRequest));
        var header = RequestHeader.Read(ref reader);
        var body = PathWatchRequest.Read(ref reader);
        Assert.True(reader.AtEnd);
        Assert.Equal(new RequestHeader(1, OpCode.Exists), header);
        Assert.Equal(new PathWatchRequest("/w", true), body);
    }

    [Fact]
    public void Exists_reply_on_a_missing_node_is_a_bare_16_byte_header_with_err_minus_101()
    {
        var framed = Wire.Frame(new ReplyHeader(1, 0x1a, ErrorCode.NoNode));
        Assert.Equal(Hex.Normalize("00000010 00000001 000000000000001a ffffff9b"), Hex.Of(framed));
    }

    [Fact]
    public void Notification_is_written_with_xid_and_zxid_minus_one_then_the_WatcherEvent()
    {
        var framed = Wire.Frame(new ReplyHeader(Xids.Notification, -1, ErrorCode.Ok),
            new WatcherEvent(EventType.NodeCreated, KeeperState.SyncConnected, "/w"));
        Assert.Equal(Hex.Normalize("0000001e " + Notification), Hex.Of(framed));
    }

    [Fact]
    public void Notification_capture_reads_as_NodeCreated_SyncConnected()
    {
        var reader = new JuteReader(Hex.Parse(Notification));
        var header = ReplyHeader.Read(ref reader);
        var watcherEvent = WatcherEvent.Read(ref reader);
        Assert.True(reader.AtEnd);
        Assert.Equal(new ReplyHeader(-1, -1, ErrorCode.Ok), header);
        Assert.Equal(new WatcherEvent(EventType.NodeCreated, KeeperState.SyncConnected, "/w"), watcherEvent);
    }

    [Fact]
    public void Ping_request_is_a_bare_header_with_xid_minus_2_and_opcode_11()
    {
        Assert.Equal(Hex.Normalize(PingRequest), Hex.Of(Wire.Frame(new RequestHeader(Xids.Ping, OpCode.Ping))));
    }

    [Fact]
    public void Ping_request_capture_reads_as_xid_minus_2_ping()
    {
        Assert.Equal(new RequestHeader(-2, OpCode.Ping), Wire.Decode<RequestHeader>(Payload(PingRequest)));
    }

    [Fact]
    public void Ping_reply_is_a_bare_reply_header_echoing_xid_minus_2()
    {
        var framed = Wire.Frame(new ReplyHeader(Xids.Ping, 0x0123456789abcdef, ErrorCode.Ok));
        Assert.Equal(Hex.Normalize("00000010 fffffffe 0123456789abcdef 00000000"), Hex.Of(framed));
    }

    [Fact]
    public void Auth_success_reply_is_xid_minus_4_zxid_zero_err_zero()
    {
        Assert.Equal(Hex.Normalize("fffffffc 0000000000000000 00000000"),
            Hex.Of(Wire.Encode(new ReplyHeader(Xids.Auth, 0, ErrorCode.Ok))));
    }

    [Fact]
    public void Auth_failure_reply_carries_AuthFailed_minus_115()
    {
        Assert.Equal(Hex.Normalize("fffffffc 0000000000000000 ffffff8d"),
            Hex.Of(Wire.Encode(new ReplyHeader(Xids.Auth, 0, ErrorCode.AuthFailed))));
    }

    [Fact]
    public void GetData_on_null_data_is_length_minus_one_then_the_68_byte_stat()
    {
        var body = Wire.Encode(new GetDataResponse(null, RecordSamples.Stat));
        Assert.Equal(Hex.Normalize("ffffffff " + RecordSamples.StatHex), Hex.Of(body));
    }

    [Fact]
    public void GetData_body_of_null_data_reads_back_null_data_not_empty()
    {
        var response = Wire.Decode<GetDataResponse>("ffffffff " + RecordSamples.StatHex);
        Assert.Null(response.Data);
    }

    [Fact]
    public void AddWatch_reply_body_is_ErrorResponse_zero()
    {
        Assert.Equal("00000000", Hex.Of(Wire.Encode(new ErrorResponse(ErrorCode.Ok))));
    }

    [Fact]
    public void Transaction_log_header_is_ZKLG_version_2_dbid_0()
    {
        Assert.Equal(Hex.Normalize("5a4b4c47 00000002 0000000000000000"),
            Hex.Of(Wire.Encode(new FileHeader(FileHeader.LogMagic, 2, 0))));
    }

    [Fact]
    public void Log_magic_is_the_ascii_of_ZKLG()
    {
        Assert.Equal("ZKLG"u8.ToArray(), Wire.Encode(w => w.WriteInt(FileHeader.LogMagic)));
    }

    [Fact]
    public void Snapshot_magic_is_the_ascii_of_ZKSN()
    {
        Assert.Equal("ZKSN"u8.ToArray(), Wire.Encode(w => w.WriteInt(FileHeader.SnapshotMagic)));
    }

    [Fact]
    public void Snapshot_end_marker_is_the_path_slash()
    {
        Assert.Equal("000000012f", Hex.Of(Wire.Encode(new PathRecord("/"))));
    }
}
