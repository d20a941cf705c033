using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Protocol.Tests.Support;

namespace Keeper.Protocol.Tests;

/// <summary>PROTOCOL.md §2.3 and §10.2: txn records as the log stores them, including old formats.</summary>
public class TxnTests
{
    private static readonly string V0CreateBody = $"00000002 2f61 00000001 78 {RecordSamples.OpenAclHex} 01";

    private static IJuteRecord? ReadBody(OpCode type, string hex) =>
        Wire.Read(hex, (ref JuteReader r) => TxnRecords.ReadBody(type, ref r));

    [Fact]
    public void CreateTxn_from_a_V0_body_has_parentCVersion_minus_one()
    {
        Assert.Equal(-1, Wire.Decode<CreateTxn>(V0CreateBody).ParentCVersion);
    }

    [Fact]
    public void CreateTxn_from_a_V0_body_keeps_path_data_acl_and_ephemeral()
    {
        Structural.AssertEqual(new CreateTxn("/a", "x"u8.ToArray(), Acls.OpenAclUnsafe, true, -1), Wire.Decode<CreateTxn>(V0CreateBody));
    }

    [Fact]
    public void CreateTxn_with_parentCVersion_reads_it()
    {
        Assert.Equal(9, Wire.Decode<CreateTxn>(V0CreateBody + " 00000009").ParentCVersion);
    }

    [Fact]
    public void Create_log_body_in_V0_format_reads_as_a_CreateTxn_with_parentCVersion_minus_one()
    {
        var txn = Assert.IsType<CreateTxn>(ReadBody(OpCode.Create, V0CreateBody));
        Assert.Equal(-1, txn.ParentCVersion);
    }

    [Fact]
    public void CloseSessionTxn_with_no_body_reads_as_no_paths_to_delete()
    {
        Assert.Empty(Wire.Decode<CloseSessionTxn>("").PathsToDelete);
    }

    [Fact]
    public void CloseSession_log_entry_with_no_body_reads_as_an_empty_CloseSessionTxn()
    {
        var txn = Assert.IsType<CloseSessionTxn>(ReadBody(OpCode.CloseSession, ""));
        Assert.Empty(txn.PathsToDelete);
    }

    [Fact]
    public void CloseSessionTxn_with_a_null_vector_reads_as_no_paths_to_delete()
    {
        Assert.Empty(Wire.Decode<CloseSessionTxn>("ffffffff").PathsToDelete);
    }

    [Fact]
    public void CloseSessionTxn_lists_the_session_ephemerals()
    {
        Assert.Equal(["/e1"], Wire.Decode<CloseSessionTxn>("00000001 00000003 2f6531").PathsToDelete);
    }

    [Fact]
    public void Multi_sub_txn_is_its_type_then_its_record_as_a_length_prefixed_buffer()
    {
        var bytes = Wire.Encode(new MultiTxn([new SubTxn(OpCode.SetData, new SetDataTxn("/a", [7], 2))]));
        Assert.Equal(Hex.Normalize("00000001 | 00000005 | 0000000f | 00000002 2f61 00000001 07 00000002"), Hex.Of(bytes));
    }

    [Fact]
    public void Multi_sub_txn_buffer_holds_exactly_the_nested_record()
    {
        var body = new CreateTxn("/a", [1, 2, 3], Acls.OpenAclUnsafe, false, 4);
        var bytes = Wire.Encode(new MultiTxn([new SubTxn(OpCode.Create, body)]));
        var nested = Wire.Read(bytes, (ref JuteReader r) => { r.ReadInt(); r.ReadInt(); return r.ReadBuffer(); });
        Assert.Equal(Hex.Of(Wire.Encode(body)), Hex.Of(nested));
    }

    [Fact]
    public void Multi_sub_txns_are_read_by_their_own_type()
    {
        var txn = Wire.Decode<MultiTxn>(Wire.Encode(RecordSamples.Get("MultiTxn of every allowed sub-txn").Value));
        Assert.Equal(
            [typeof(CreateTxn), typeof(CreateTxn), typeof(CreateTtlTxn), typeof(CreateContainerTxn), typeof(DeleteTxn),
             typeof(DeleteTxn), typeof(SetDataTxn), typeof(CheckVersionTxn), typeof(ErrorTxn)],
            txn.Txns.Select(t => t.Body!.GetType()));
    }

    [Fact]
    public void Failed_multi_txn_holds_only_error_sub_txns()
    {
        var failed = new MultiTxn([
            new SubTxn(OpCode.Error, new ErrorTxn(ErrorCode.Ok)),
            new SubTxn(OpCode.Error, new ErrorTxn(ErrorCode.NodeExists)),
            new SubTxn(OpCode.Error, new ErrorTxn(ErrorCode.RuntimeInconsistency)),
        ]);
        Assert.Equal(Hex.Normalize(
                "00000003 | ffffffff 00000004 00000000 | ffffffff 00000004 ffffff92 | ffffffff 00000004 fffffffe"),
            Hex.Of(Wire.Encode(failed)));
    }

    [Fact]
    public void Multi_log_body_reads_as_a_MultiTxn()
    {
        Assert.IsType<MultiTxn>(ReadBody(OpCode.Multi, "00000001 00000002 00000006 00000002 2f61"));
    }

    [Fact]
    public void Multi_txn_nested_inside_a_multi_txn_is_rejected()
    {
        var inner = Wire.Encode(new MultiTxn([new SubTxn(OpCode.Delete, new DeleteTxn("/a"))]));
        var outer = Wire.Encode(w => { w.WriteInt(1); w.WriteInt((int)OpCode.Multi); w.WriteBuffer(inner); });
        Wire.Rejects<MultiTxn>(outer);
    }

    [Fact]
    public void Deeply_nested_multi_txn_is_rejected_without_exhausting_the_stack()
    {
        // 50 000 multis, each the only sub-txn of the one around it: 600 KB, within jute.maxbuffer.
        const int depth = 50_000;
        var bytes = Wire.Encode(w =>
        {
            for (int level = depth; level >= 1; level--)
            {
                w.WriteInt(1);
                w.WriteInt((int)OpCode.Multi);
                w.WriteInt(16 + 12 * (level - 1));
            }
            w.WriteInt(1); w.WriteInt((int)OpCode.Error); w.WriteInt(4); w.WriteInt((int)ErrorCode.NoNode);
        });
        Wire.Rejects<MultiTxn>(bytes);
    }

    [Theory]
    [InlineData(OpCode.CreateSession, "00007530")]
    [InlineData(OpCode.CloseSession, "00000000")]
    [InlineData(OpCode.SetAcl, "00000002 2f61 00000000 00000001")]
    [InlineData(OpCode.Reconfig, "00000002 2f61 00000000 00000001")]
    [InlineData(OpCode.Ping, "")]
    [InlineData(OpCode.MultiRead, "00000000")]
    public void Multi_sub_txn_of_a_type_not_allowed_in_a_multi_is_rejected(OpCode type, string validBodyOfThatType)
    {
        var outer = Wire.Encode(w => { w.WriteInt(1); w.WriteInt((int)type); w.WriteBuffer(Hex.Parse(validBodyOfThatType)); });
        Wire.Rejects<MultiTxn>(outer);
    }

    [Fact]
    public void Multi_sub_txn_with_a_truncated_record_is_rejected()
    {
        Wire.Rejects<MultiTxn>("00000001 00000005 00000003 000000");
    }

    [Theory]
    [InlineData(OpCode.Notification)]
    [InlineData(OpCode.Exists)]
    [InlineData(OpCode.GetData)]
    [InlineData(OpCode.Ping)]
    [InlineData(OpCode.Auth)]
    [InlineData((OpCode)999)]
    public void Log_body_of_a_non_txn_type_is_rejected(OpCode type)
    {
        Wire.Rejects("00000000 00000000", (ref JuteReader r) => TxnRecords.ReadBody(type, ref r));
    }

    [Theory]
    [InlineData(OpCode.CreateSession, typeof(CreateSessionTxn))]
    [InlineData(OpCode.Create2, typeof(CreateTxn))]
    [InlineData(OpCode.CreateTtl, typeof(CreateTtlTxn))]
    [InlineData(OpCode.CreateContainer, typeof(CreateContainerTxn))]
    [InlineData(OpCode.Delete, typeof(DeleteTxn))]
    [InlineData(OpCode.DeleteContainer, typeof(DeleteTxn))]
    [InlineData(OpCode.SetData, typeof(SetDataTxn))]
    [InlineData(OpCode.Reconfig, typeof(SetDataTxn))]
    [InlineData(OpCode.SetAcl, typeof(SetAclTxn))]
    [InlineData(OpCode.Check, typeof(CheckVersionTxn))]
    [InlineData(OpCode.Error, typeof(ErrorTxn))]
    public void Log_body_is_read_as_the_record_of_its_txn_type(OpCode type, Type expected)
    {
        // Enough zero bytes for any of these records: empty strings, empty vectors, zero ints.
        var body = ReadBody(type, Hex.Zeros(40));
        Assert.IsType(expected, body);
    }

    [Fact]
    public void Log_entry_is_header_then_record_then_optional_digest()
    {
        var entry = Wire.Encode(new TxnHeader(0x1000007eb810008, 0, 1, 0x18c0a1b2c3d, OpCode.CreateSession),
            new CreateSessionTxn(30000), new TxnDigest(2, 0x1122334455667788));
        Assert.Equal(
            Hex.Normalize("01000007eb810008 00000000 0000000000000001 0000018c0a1b2c3d fffffff6 | 00007530 | 00000002 1122334455667788"),
            Hex.Of(entry));
    }
}
