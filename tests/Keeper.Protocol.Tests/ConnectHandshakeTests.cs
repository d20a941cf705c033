using Keeper.Protocol.Records;
using Keeper.Protocol.Tests.Support;

namespace Keeper.Protocol.Tests;

/// <summary>PROTOCOL.md §4.2: the trailing readOnly byte is optional, and whether it was sent must be remembered.</summary>
public class ConnectHandshakeTests
{
    private const string WithoutReadOnly = "00000000 0000000000000000 00007530 0000000000000000 00000010 00000000000000000000000000000000";

    [Fact]
    public void ConnectRequest_without_the_readOnly_byte_reads_as_an_old_client()
    {
        Assert.False(Wire.Decode<ConnectRequest>(WithoutReadOnly).HasReadOnlyField);
    }

    [Fact]
    public void ConnectRequest_without_the_readOnly_byte_reads_readOnly_false()
    {
        Assert.False(Wire.Decode<ConnectRequest>(WithoutReadOnly).ReadOnly);
    }

    [Fact]
    public void ConnectRequest_with_the_readOnly_byte_reads_HasReadOnlyField_true()
    {
        Assert.True(Wire.Decode<ConnectRequest>(WithoutReadOnly + " 00").HasReadOnlyField);
    }

    [Fact]
    public void ConnectRequest_readOnly_byte_one_reads_as_can_be_read_only()
    {
        Assert.True(Wire.Decode<ConnectRequest>(WithoutReadOnly + " 01").ReadOnly);
    }

    [Fact]
    public void ConnectRequest_with_HasReadOnlyField_false_writes_no_readOnly_byte()
    {
        var request = new ConnectRequest(0, 0, 30000, 0, new byte[16], false, HasReadOnlyField: false);
        Assert.Equal(Hex.Normalize(WithoutReadOnly), Hex.Of(Wire.Encode(request)));
    }

    [Fact]
    public void ConnectRequest_writes_the_readOnly_byte_by_default()
    {
        var request = new ConnectRequest(0, 0, 30000, 0, new byte[16], ReadOnly: true);
        Assert.Equal(Hex.Normalize(WithoutReadOnly + " 01"), Hex.Of(Wire.Encode(request)));
    }

    [Fact]
    public void ConnectResponse_without_the_readOnly_byte_reads_HasReadOnlyField_false()
    {
        var response = Wire.Decode<ConnectResponse>("00000000 00007530 0000000000000001 00000010 " + Hex.Zeros(16));
        Assert.False(response.HasReadOnlyField);
    }

    [Fact]
    public void ConnectResponse_with_the_readOnly_byte_reads_HasReadOnlyField_true()
    {
        var response = Wire.Decode<ConnectResponse>("00000000 00007530 0000000000000001 00000010 " + Hex.Zeros(16) + " 01");
        Assert.True(response.HasReadOnlyField && response.ReadOnly);
    }

    [Fact]
    public void ConnectResponse_for_an_old_client_omits_the_readOnly_byte()
    {
        var response = new ConnectResponse(0, 30000, 1, new byte[16], false, HasReadOnlyField: false);
        Assert.Equal(Hex.Normalize("00000000 00007530 0000000000000001 00000010 " + Hex.Zeros(16)), Hex.Of(Wire.Encode(response)));
    }

    [Fact]
    public void ConnectResponse_from_a_read_only_server_ends_with_byte_one()
    {
        var response = new ConnectResponse(0, 30000, 1, new byte[16], ReadOnly: true);
        Assert.Equal(0x01, Wire.Encode(response)[^1]);
    }

    [Fact]
    public void ConnectRequest_with_a_truncated_password_is_rejected()
    {
        Wire.Rejects<ConnectRequest>("00000000 0000000000000000 00007530 0000000000000000 00000010 " + Hex.Zeros(15));
    }
}
