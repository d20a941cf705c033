using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Protocol.Tests.Support;

namespace Keeper.Protocol.Tests;

/// <summary>
/// Malformed input from a peer must surface as JuteException (the connection is closed), never as an
/// IndexOutOfRange, an ArgumentOutOfRange or an OutOfMemory.
/// </summary>
public class MalformedInputTests
{
    public static TheoryData<string> Samples => RecordSamples.Names();

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_strict_prefix_of_a_record_is_rejected_as_truncated(string sample)
    {
        var s = RecordSamples.Get(sample);
        var bytes = Wire.Encode(s.Value);
        for (int length = 0; length < bytes.Length; length++)
        {
            if (s.AcceptsPrefix(length, bytes.Length)) continue;
            var prefix = bytes[..length];
            var thrown = Record.Exception(() => s.Decode(prefix));
            Assert.True(thrown is JuteException,
                $"{s.Name}: a {length}-byte prefix of {bytes.Length} gave {thrown?.GetType().Name ?? "no exception"}");
        }
    }

    [Fact]
    public void Int_needs_four_bytes()
    {
        Wire.Rejects("000000", (ref JuteReader r) => r.ReadInt());
    }

    [Fact]
    public void Long_needs_eight_bytes()
    {
        Wire.Rejects("00000000000000", (ref JuteReader r) => r.ReadLong());
    }

    [Fact]
    public void Bool_needs_one_byte()
    {
        Wire.Rejects("", (ref JuteReader r) => r.ReadBool());
    }

    [Fact]
    public void Byte_read_past_the_end_is_rejected()
    {
        Wire.Rejects("", (ref JuteReader r) => r.ReadByte());
    }

    [Fact]
    public void String_shorter_than_its_length_is_rejected()
    {
        Wire.Rejects("00000003 2f61", (ref JuteReader r) => r.ReadString());
    }

    [Fact]
    public void Buffer_shorter_than_its_length_is_rejected()
    {
        Wire.Rejects("00000010 0102", (ref JuteReader r) => r.ReadBuffer());
    }

    [Theory]
    [InlineData("fffffffe")]   // -2
    [InlineData("ffffff00")]   // -256
    [InlineData("80000000")]   // int.MinValue
    public void String_length_below_minus_one_is_rejected(string length)
    {
        Wire.Rejects(length + " 2f61 2f61", (ref JuteReader r) => r.ReadString());
    }

    [Theory]
    [InlineData("fffffffe")]
    [InlineData("80000000")]
    public void Buffer_length_below_minus_one_is_rejected(string length)
    {
        Wire.Rejects(length + " 00000000", (ref JuteReader r) => r.ReadBuffer());
    }

    [Theory]
    [InlineData("fffffffe")]
    [InlineData("80000000")]
    public void Vector_count_below_minus_one_is_rejected(string count)
    {
        Wire.Rejects(count + " 00000000", (ref JuteReader r) => r.ReadVectorCount());
    }

    [Fact]
    public void Buffer_length_over_jute_maxbuffer_is_rejected_even_when_the_bytes_are_there()
    {
        var bytes = new byte[4 + JuteReader.DefaultMaxBuffer + 1];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, JuteReader.DefaultMaxBuffer + 1);
        Wire.Rejects(bytes, (ref JuteReader r) => r.ReadBuffer());
    }

    [Fact]
    public void String_length_over_jute_maxbuffer_is_rejected_even_when_the_bytes_are_there()
    {
        var bytes = new byte[4 + JuteReader.DefaultMaxBuffer + 1];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, JuteReader.DefaultMaxBuffer + 1);
        Wire.Rejects(bytes, (ref JuteReader r) => r.ReadString());
    }

    [Fact]
    public void Buffer_of_exactly_jute_maxbuffer_bytes_is_accepted()
    {
        var bytes = new byte[4 + JuteReader.DefaultMaxBuffer];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, JuteReader.DefaultMaxBuffer);
        Assert.Equal(0xfffff, Wire.Read(bytes, (ref JuteReader r) => r.ReadBuffer())!.Length);
    }

    [Fact]
    public void Default_max_buffer_is_jute_maxbuffer_0xfffff()
    {
        Assert.Equal(1_048_575, JuteReader.DefaultMaxBuffer);
    }

    [Fact]
    public void Buffer_longer_than_a_configured_max_length_is_rejected()
    {
        Wire.Rejects(Hex.Parse("00000005 0102030405"), (ref JuteReader r) => r.ReadBuffer(), maxLength: 4);
    }

    [Fact]
    public void Buffer_at_a_configured_max_length_is_accepted()
    {
        var r = new JuteReader(Hex.Parse("00000004 01020304"), maxLength: 4);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, r.ReadBuffer());
    }

    [Theory]
    [InlineData("7fffffff")]
    [InlineData("00100000")]
    [InlineData("00000005")]   // five elements but fewer bytes left than that
    public void Vector_count_larger_than_the_bytes_left_is_rejected_before_allocating(string count)
    {
        Wire.Rejects(count + " 00000000", (ref JuteReader r) => r.ReadVectorCount());
    }

    [Fact]
    public void String_vector_with_an_absurd_count_is_rejected()
    {
        Wire.Rejects("7fffffff 00000000 00000000", (ref JuteReader r) => r.ReadStringVector());
    }

    [Fact]
    public void Acl_vector_with_an_absurd_count_is_rejected()
    {
        Wire.Rejects("7fffffff 00000000 00000000", (ref JuteReader r) => Acls.ReadList(ref r));
    }

    [Fact]
    public void GetChildren2Response_with_an_absurd_count_is_rejected()
    {
        Wire.Rejects<GetChildren2Response>("7fffffff " + RecordSamples.StatHex);
    }

    [Fact]
    public void WhoAmIResponse_with_an_absurd_count_is_rejected()
    {
        Wire.Rejects<WhoAmIResponse>("7fffffff 00000000 00000000");
    }

    [Fact]
    public void WhoAmIResponse_with_a_negative_count_below_minus_one_is_rejected()
    {
        Wire.Rejects<WhoAmIResponse>("fffffff0 00000000 00000000");
    }

    [Fact]
    public void MultiTxn_with_an_absurd_count_is_rejected()
    {
        Wire.Rejects<MultiTxn>("7fffffff ffffffff 00000004 00000000");
    }

    [Fact]
    public void CloseSessionTxn_with_an_absurd_count_is_rejected()
    {
        Wire.Rejects<CloseSessionTxn>("7fffffff 00000000");
    }

    [Fact]
    public void SetWatches_with_an_absurd_count_is_rejected()
    {
        Wire.Rejects<SetWatches>("0000000000000000 7fffffff 00000000 00000000 00000000");
    }

    [Fact]
    public void Path_with_a_negative_length_inside_a_request_is_rejected()
    {
        Wire.Rejects<DeleteRequest>("fffffffd 00000000");
    }

    [Fact]
    public void Data_longer_than_jute_maxbuffer_inside_a_request_is_rejected()
    {
        Wire.Rejects<SetDataRequest>("00000002 2f61 7fffffff 00000000");
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_read_without_throwing()
    {
        // Java's reader decodes with replacement too; a bad path is caught later by path validation.
        Assert.Equal("\uFFFD", Wire.Read("00000001 ff", (ref JuteReader r) => r.ReadString()));
    }
}
