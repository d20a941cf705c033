using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Protocol.Tests.Support;

namespace Keeper.Protocol.Tests;

/// <summary>PROTOCOL.md §2.4: multi request and response bodies (MultiHeader + record pairs, then a done header).</summary>
public class MultiTests
{
    /// <summary>The live capture of §2.4: multi[create /m1, create /w (exists), create /m2].</summary>
    private const string FailedMultiReply =
        "ffffffff 00 00000000 00000000 | ffffffff 00 ffffff92 ffffff92 | ffffffff 00 fffffffe fffffffe | ffffffff 01 ffffffff";

    private static readonly MultiResponse FailedMulti = new([
        MultiResult.Error(ErrorCode.Ok),
        MultiResult.Error(ErrorCode.NodeExists),
        MultiResult.Error(ErrorCode.RuntimeInconsistency),
    ]);

    [Fact]
    public void Failed_multi_reply_is_written_as_captured()
    {
        Assert.Equal(Hex.Normalize(FailedMultiReply), Hex.Of(Wire.Encode(FailedMulti)));
    }

    [Fact]
    public void Failed_multi_capture_reads_as_ok_then_the_real_error_then_runtime_inconsistency()
    {
        var response = Wire.Decode<MultiResponse>(FailedMultiReply);
        Assert.Equal(
            [(OpCode.Error, ErrorCode.Ok), (OpCode.Error, ErrorCode.NodeExists), (OpCode.Error, ErrorCode.RuntimeInconsistency)],
            response.Results.Select(r => (r.Type, r.Err)));
    }

    [Fact]
    public void Error_result_repeats_its_code_in_the_header_and_the_body()
    {
        var bytes = Wire.Encode(new MultiResponse([MultiResult.Error(ErrorCode.BadVersion)]));
        Assert.Equal(Hex.Normalize("ffffffff 00 ffffff99 ffffff99 ffffffff 01 ffffffff"), Hex.Of(bytes));
    }

    [Fact]
    public void Successful_result_header_carries_err_zero()
    {
        var bytes = Wire.Encode(new MultiResponse([new MultiResult(OpCode.Delete, ErrorCode.Ok, null)]));
        Assert.Equal(Hex.Normalize("00000002 00 00000000 ffffffff 01 ffffffff"), Hex.Of(bytes));
    }

    [Fact]
    public void Request_op_header_has_done_false_and_err_minus_one()
    {
        var bytes = Wire.Encode(new MultiRequest([new MultiOp(OpCode.Check, new CheckVersionRequest("/a", 1))]));
        Assert.Equal(Hex.Normalize("0000000d 00 ffffffff"), Hex.Of(bytes.AsSpan(0, 9)));
    }

    [Fact]
    public void Request_ends_with_the_terminator_type_minus_one_done_true_err_minus_one()
    {
        var bytes = Wire.Encode(new MultiRequest([new MultiOp(OpCode.Delete, new DeleteRequest("/a", 1))]));
        Assert.Equal(Hex.Normalize("ffffffff 01 ffffffff"), Hex.Of(bytes.AsSpan(bytes.Length - 9)));
    }

    [Fact]
    public void Empty_multi_is_just_the_terminator()
    {
        Assert.Equal(Hex.Normalize("ffffffff 01 ffffffff"), Hex.Of(Wire.Encode(new MultiRequest([]))));
    }

    [Fact]
    public void Reading_stops_at_the_first_done_header()
    {
        var reader = new JuteReader(Hex.Parse("ffffffff 01 ffffffff | 00000002 00 ffffffff"));
        var request = MultiRequest.Read(ref reader);
        Assert.Equal((0, 9), (request.Ops.Count, reader.Position));
    }

    [Theory]
    [InlineData(OpCode.Create)]
    [InlineData(OpCode.Create2)]
    [InlineData(OpCode.CreateContainer)]
    public void Create_kinds_carry_a_CreateRequest(OpCode type)
    {
        var bytes = Hex.Parse($"{(int)type:x8} 00 ffffffff 00000002 2f61 ffffffff ffffffff 00000000 ffffffff 01 ffffffff");
        var op = Assert.Single(Wire.Decode<MultiRequest>(bytes).Ops);
        Assert.Equal(new CreateRequest("/a", null, null, 0), op.Body);
    }

    [Fact]
    public void CreateTTL_carries_a_CreateRequest_with_a_trailing_ttl()
    {
        var op = Assert.Single(Wire.Decode<MultiRequest>(
            "00000015 00 ffffffff 00000002 2f61 ffffffff ffffffff 00000005 0000000000001388 ffffffff 01 ffffffff").Ops);
        var create = Assert.IsType<CreateRequest>(op.Body);
        Assert.Equal((true, 5000L), (create.HasTtl, create.Ttl));
    }

    [Fact]
    public void MultiRead_getData_carries_a_path_and_watch_flag()
    {
        var op = Assert.Single(Wire.Decode<MultiRequest>("00000004 00 ffffffff 00000002 2f61 01 ffffffff 01 ffffffff").Ops);
        Assert.Equal(new MultiOp(OpCode.GetData, new PathWatchRequest("/a", true)), op);
    }

    [Fact]
    public void Op_path_is_taken_from_its_body()
    {
        var request = Wire.Decode<MultiRequest>(Wire.Encode(RecordSamples.Get("MultiRequest").Value));
        Assert.Equal(["/a", "/b", "/c", "/d"], request.Ops.Select(o => o.Path));
    }

    [Fact]
    public void Create_result_body_is_the_created_path()
    {
        var result = Assert.Single(Wire.Decode<MultiResponse>("00000001 00 00000000 00000003 2f6131 ffffffff 01 ffffffff").Results);
        Assert.Equal(new PathRecord("/a1"), result.Body);
    }

    [Fact]
    public void Create2_result_body_is_path_and_stat()
    {
        var result = Assert.Single(Wire.Decode<MultiResponse>(
            $"0000000f 00 00000000 00000002 2f61 {RecordSamples.StatHex} ffffffff 01 ffffffff").Results);
        Assert.Equal(new Create2Response("/a", RecordSamples.Stat), result.Body);
    }

    [Theory]
    [InlineData(OpCode.Delete)]
    [InlineData(OpCode.Check)]
    public void Delete_and_check_results_have_no_body(OpCode type)
    {
        var result = Assert.Single(Wire.Decode<MultiResponse>($"{(int)type:x8} 00 00000000 ffffffff 01 ffffffff").Results);
        Assert.Null(result.Body);
    }

    [Fact]
    public void SetData_result_body_is_the_stat()
    {
        var result = Assert.Single(Wire.Decode<MultiResponse>($"00000005 00 00000000 {RecordSamples.StatHex} ffffffff 01 ffffffff").Results);
        Assert.Equal(new StatResponse(RecordSamples.Stat), result.Body);
    }

    [Fact]
    public void Error_result_reads_its_code_from_the_ErrorResponse_body()
    {
        var result = Assert.Single(Wire.Decode<MultiResponse>("ffffffff 00 ffffff9b ffffff9b ffffffff 01 ffffffff").Results);
        Assert.Equal(MultiResult.Error(ErrorCode.NoNode), result);
    }

    [Fact]
    public void Multi_request_with_an_unknown_op_type_is_rejected()
    {
        Wire.Rejects<MultiRequest>("00000003 00 ffffffff 00000002 2f61 00 ffffffff 01 ffffffff");
    }

    [Theory]
    [InlineData(0)]       // notification
    [InlineData(3)]       // exists
    [InlineData(6)]       // getACL
    [InlineData(7)]       // setACL: not allowed inside multi
    [InlineData(9)]       // sync
    [InlineData(11)]      // ping
    [InlineData(12)]      // getChildren2
    [InlineData(14)]      // multi inside multi
    [InlineData(20)]      // deleteContainer is internal only
    [InlineData(22)]      // multiRead inside multi
    [InlineData(100)]     // auth
    [InlineData(-2)]
    [InlineData(-11)]     // closeSession
    [InlineData(int.MaxValue)]
    public void Every_op_type_outside_the_multi_table_is_rejected(int type)
    {
        Wire.Rejects<MultiRequest>($"{type:x8} 00 ffffffff 00000002 2f61 00000000 00000000 00000000 ffffffff 01 ffffffff");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(12)]
    [InlineData(21)]   // createTTL results come back as create2
    [InlineData(100)]
    public void Multi_response_with_an_unknown_result_type_is_rejected(int type)
    {
        Wire.Rejects<MultiResponse>($"{type:x8} 00 00000000 00000000 00000000 ffffffff 01 ffffffff");
    }

    [Fact]
    public void Multi_request_without_a_terminator_is_rejected()
    {
        Wire.Rejects<MultiRequest>("00000002 00 ffffffff 00000002 2f61 ffffffff");
    }

    [Fact]
    public void Multi_response_without_a_terminator_is_rejected()
    {
        Wire.Rejects<MultiResponse>("00000002 00 00000000");
    }
}
