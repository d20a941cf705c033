using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Protocol.Tests.Support;

namespace Keeper.Protocol.Tests;

/// <summary>PROTOCOL.md §1: big-endian primitives, length-prefixed strings/buffers/vectors, -1 = null.</summary>
public class JuteEncodingTests
{
    [Fact]
    public void Int_is_written_as_four_bytes_big_endian()
    {
        Assert.Equal("01020304", Hex.Of(Wire.Encode(w => w.WriteInt(0x01020304))));
    }

    [Fact]
    public void Negative_int_is_written_in_twos_complement()
    {
        Assert.Equal("ffffff9b", Hex.Of(Wire.Encode(w => w.WriteInt(-101))));
    }

    [Fact]
    public void Long_is_written_as_eight_bytes_big_endian()
    {
        Assert.Equal("0102030405060708", Hex.Of(Wire.Encode(w => w.WriteLong(0x0102030405060708))));
    }

    [Fact]
    public void Int_is_read_big_endian()
    {
        Assert.Equal(0x01020304, Wire.Read("01020304", (ref JuteReader r) => r.ReadInt()));
    }

    [Fact]
    public void Long_is_read_big_endian()
    {
        Assert.Equal(unchecked((long)0xfedcba9876543210), Wire.Read("fedcba9876543210", (ref JuteReader r) => r.ReadLong()));
    }

    [Fact]
    public void True_is_written_as_byte_one()
    {
        Assert.Equal("01", Hex.Of(Wire.Encode(w => w.WriteBool(true))));
    }

    [Fact]
    public void False_is_written_as_byte_zero()
    {
        Assert.Equal("00", Hex.Of(Wire.Encode(w => w.WriteBool(false))));
    }

    [Theory]
    [InlineData("01")]
    [InlineData("02")]
    [InlineData("80")]
    [InlineData("ff")]
    public void Any_non_zero_byte_reads_as_true(string hex)
    {
        Assert.True(Wire.Read(hex, (ref JuteReader r) => r.ReadBool()));
    }

    [Fact]
    public void Zero_byte_reads_as_false()
    {
        Assert.False(Wire.Read("00", (ref JuteReader r) => r.ReadBool()));
    }

    [Fact]
    public void String_is_written_as_its_utf8_byte_length_then_the_bytes()
    {
        Assert.Equal("00000003 2f c3a9".Replace(" ", ""), Hex.Of(Wire.Encode(w => w.WriteString("/é"))));
    }

    [Fact]
    public void String_length_counts_utf8_bytes_not_chars()
    {
        var s = Wire.Read("00000004 f09f9880", (ref JuteReader r) => r.ReadString());
        Assert.Equal("\U0001F600", s);
    }

    [Fact]
    public void Null_string_is_written_as_length_minus_one_with_no_bytes()
    {
        Assert.Equal("ffffffff", Hex.Of(Wire.Encode(w => w.WriteString(null))));
    }

    [Fact]
    public void Empty_string_is_written_as_length_zero()
    {
        Assert.Equal("00000000", Hex.Of(Wire.Encode(w => w.WriteString(""))));
    }

    [Fact]
    public void String_of_length_minus_one_reads_as_null()
    {
        Assert.Null(Wire.Read("ffffffff", (ref JuteReader r) => r.ReadString()));
    }

    [Fact]
    public void String_of_length_zero_reads_as_empty_not_null()
    {
        Assert.Equal("", Wire.Read("00000000", (ref JuteReader r) => r.ReadString()));
    }

    [Fact]
    public void Null_path_reads_as_empty_because_clients_send_null_and_empty_alike()
    {
        Assert.Equal("", Wire.Read("ffffffff", (ref JuteReader r) => r.ReadPath()));
    }

    [Fact]
    public void Null_buffer_is_written_as_length_minus_one()
    {
        Assert.Equal("ffffffff", Hex.Of(Wire.Encode(w => w.WriteBuffer((byte[]?)null))));
    }

    [Fact]
    public void Empty_buffer_is_written_as_length_zero()
    {
        Assert.Equal("00000000", Hex.Of(Wire.Encode(w => w.WriteBuffer(Array.Empty<byte>()))));
    }

    [Fact]
    public void Empty_span_buffer_is_written_as_length_zero()
    {
        Assert.Equal("00000000", Hex.Of(Wire.Encode(w => w.WriteBuffer(ReadOnlySpan<byte>.Empty))));
    }

    [Fact]
    public void Buffer_is_written_as_length_then_raw_bytes()
    {
        Assert.Equal("00000003 000102".Replace(" ", ""), Hex.Of(Wire.Encode(w => w.WriteBuffer(new byte[] { 0, 1, 2 }))));
    }

    [Fact]
    public void Buffer_of_length_minus_one_reads_as_null()
    {
        Assert.Null(Wire.Read("ffffffff", (ref JuteReader r) => r.ReadBuffer()));
    }

    [Fact]
    public void Buffer_of_length_zero_reads_as_empty_not_null()
    {
        var buffer = Wire.Read("00000000", (ref JuteReader r) => r.ReadBuffer());
        Assert.NotNull(buffer);
        Assert.Empty(buffer);
    }

    [Fact]
    public void Buffer_read_is_a_copy_independent_of_the_input()
    {
        var input = Hex.Parse("00000002 aabb");
        var buffer = Wire.Read(input, (ref JuteReader r) => r.ReadBuffer())!;
        input[4] = 0;
        Assert.Equal(new byte[] { 0xaa, 0xbb }, buffer);
    }

    [Fact]
    public void Null_vector_is_written_as_count_minus_one()
    {
        Assert.Equal("ffffffff", Hex.Of(Wire.Encode(w => w.WriteStringVector(null))));
    }

    [Fact]
    public void Empty_vector_is_written_as_count_zero()
    {
        Assert.Equal("00000000", Hex.Of(Wire.Encode(w => w.WriteStringVector(Array.Empty<string>()))));
    }

    [Fact]
    public void Vector_of_count_minus_one_reads_as_null()
    {
        Assert.Null(Wire.Read("ffffffff", (ref JuteReader r) => r.ReadStringVector()));
    }

    [Fact]
    public void Vector_of_count_zero_reads_as_empty_not_null()
    {
        var list = Wire.Read("00000000", (ref JuteReader r) => r.ReadStringVector());
        Assert.NotNull(list);
        Assert.Empty(list);
    }

    [Fact]
    public void String_vector_is_count_then_each_string()
    {
        Assert.Equal(Hex.Normalize("00000002 00000001 61 00000000"), Hex.Of(Wire.Encode(w => w.WriteStringVector(["a", ""]))));
    }

    [Fact]
    public void Null_acl_list_is_written_as_count_minus_one()
    {
        Assert.Equal("ffffffff", Hex.Of(Wire.Encode(w => Acls.WriteList(w, null))));
    }

    [Fact]
    public void Empty_acl_list_is_written_as_count_zero()
    {
        Assert.Equal("00000000", Hex.Of(Wire.Encode(w => Acls.WriteList(w, []))));
    }

    [Fact]
    public void Acl_list_of_count_minus_one_reads_as_null()
    {
        Assert.Null(Wire.Read("ffffffff", (ref JuteReader r) => Acls.ReadList(ref r)));
    }

    [Fact]
    public void Acl_list_of_count_zero_reads_as_empty_not_null()
    {
        var list = Wire.Read("00000000", (ref JuteReader r) => Acls.ReadList(ref r));
        Assert.NotNull(list);
        Assert.Empty(list);
    }

    [Fact]
    public void Null_data_in_a_record_survives_a_round_trip_as_null()
    {
        var read = Wire.Decode<SetDataRequest>(Wire.Encode(new SetDataRequest("/a", null, 0)));
        Assert.Null(read.Data);
    }

    [Fact]
    public void Empty_data_in_a_record_survives_a_round_trip_as_empty()
    {
        var read = Wire.Decode<SetDataRequest>(Wire.Encode(new SetDataRequest("/a", [], 0)));
        Assert.NotNull(read.Data);
        Assert.Empty(read.Data);
    }

    [Fact]
    public void Reader_tracks_position_and_remaining_bytes()
    {
        var (position, remaining, atEnd) = Wire.Read("00000001 02", (ref JuteReader r) =>
        {
            r.ReadInt();
            return (r.Position, r.Remaining, r.AtEnd);
        });
        Assert.Equal((4, 1, false), (position, remaining, atEnd));
    }

    [Fact]
    public void Reader_is_at_end_once_every_byte_is_read()
    {
        Assert.True(Wire.Read("00000001", (ref JuteReader r) => { r.ReadInt(); return r.AtEnd; }));
    }

    [Fact]
    public void ExpectEnd_rejects_trailing_bytes()
    {
        Wire.Rejects("00000001 ff", (ref JuteReader r) => { r.ReadInt(); r.ExpectEnd("test"); return 0; });
    }

    [Fact]
    public void ExpectEnd_accepts_a_fully_consumed_input()
    {
        Wire.Read("00000001", (ref JuteReader r) => { r.ReadInt(); r.ExpectEnd("test"); return 0; });
    }

    [Fact]
    public void Raw_bytes_are_written_without_a_length()
    {
        Assert.Equal("abcd", Hex.Of(Wire.Encode(w => w.WriteRaw([0xab, 0xcd]))));
    }

    [Fact]
    public void Byte_is_written_as_one_byte()
    {
        Assert.Equal("7f", Hex.Of(Wire.Encode(w => w.WriteByte(0x7f))));
    }
}
