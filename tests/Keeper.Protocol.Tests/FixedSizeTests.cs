using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Protocol.Tests.Support;

namespace Keeper.Protocol.Tests;

/// <summary>PROTOCOL.md §1: "Sizes of the fixed records", and the payload sizes of §4.2 and §10.2.</summary>
public class FixedSizeTests
{
    [Fact]
    public void RequestHeader_is_8_bytes()
    {
        Assert.Equal(8, Wire.Encode(new RequestHeader(int.MinValue, OpCode.Multi)).Length);
    }

    [Fact]
    public void ReplyHeader_is_16_bytes()
    {
        Assert.Equal(16, Wire.Encode(new ReplyHeader(-1, long.MaxValue, ErrorCode.SystemError)).Length);
    }

    [Fact]
    public void MultiHeader_is_9_bytes()
    {
        Assert.Equal(9, Wire.Encode(MultiHeader.Terminator).Length);
    }

    [Fact]
    public void Stat_is_68_bytes()
    {
        Assert.Equal(68, Wire.Encode(RecordSamples.Stat).Length);
    }

    [Fact]
    public void StatPersisted_is_60_bytes()
    {
        Assert.Equal(60, Wire.Encode(new StatPersisted(1, 2, 3, 4, 5, 6, 7, 8, 9)).Length);
    }

    [Fact]
    public void TxnHeader_is_32_bytes()
    {
        Assert.Equal(32, Wire.Encode(new TxnHeader(1, 2, 3, 4, OpCode.Create)).Length);
    }

    [Fact]
    public void TxnDigest_is_12_bytes()
    {
        Assert.Equal(12, Wire.Encode(new TxnDigest(2, 0)).Length);
    }

    [Fact]
    public void FileHeader_is_16_bytes()
    {
        Assert.Equal(16, Wire.Encode(new FileHeader(FileHeader.LogMagic, 2, 0)).Length);
    }

    [Fact]
    public void Stat_reads_from_exactly_68_bytes()
    {
        var r = new JuteReader(new byte[68]);
        Stat.Read(ref r);
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void StatPersisted_reads_from_exactly_60_bytes()
    {
        var r = new JuteReader(new byte[60]);
        StatPersisted.Read(ref r);
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void ConnectRequest_with_a_16_byte_password_is_45_bytes()
    {
        Assert.Equal(45, Wire.Encode(new ConnectRequest(0, 0, 30000, 0, new byte[16], false)).Length);
    }

    [Fact]
    public void ConnectRequest_without_readOnly_is_44_bytes()
    {
        Assert.Equal(44, Wire.Encode(new ConnectRequest(0, 0, 30000, 0, new byte[16], false, HasReadOnlyField: false)).Length);
    }

    [Fact]
    public void ConnectResponse_with_a_16_byte_password_is_37_bytes()
    {
        Assert.Equal(37, Wire.Encode(new ConnectResponse(0, 30000, 1, new byte[16], false)).Length);
    }

    [Fact]
    public void ConnectResponse_without_readOnly_is_36_bytes()
    {
        Assert.Equal(36, Wire.Encode(new ConnectResponse(0, 30000, 1, new byte[16], false, HasReadOnlyField: false)).Length);
    }

    [Fact]
    public void CreateSession_log_entry_with_digest_is_48_bytes()
    {
        var entry = Wire.Encode(new TxnHeader(1, 0, 1, 0, OpCode.CreateSession), new CreateSessionTxn(30000), new TxnDigest(2, 0));
        Assert.Equal(48, entry.Length);
    }

    [Fact]
    public void Error_log_entry_without_digest_is_36_bytes()
    {
        var entry = Wire.Encode(new TxnHeader(1, 1, 2, 0, OpCode.Error), new ErrorTxn(ErrorCode.NodeExists));
        Assert.Equal(36, entry.Length);
    }
}
