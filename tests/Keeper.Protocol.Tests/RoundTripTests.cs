using Keeper.Protocol.Tests.Support;

namespace Keeper.Protocol.Tests;

/// <summary>Every record reads back what it wrote, and the field order matches PROTOCOL.md §2 byte for byte.</summary>
public class RoundTripTests
{
    public static TheoryData<string> Samples => RecordSamples.Names();
    public static TheoryData<string> DocumentedSamples => RecordSamples.NamesWithHex();

    [Theory]
    [MemberData(nameof(Samples))]
    public void Record_reads_back_equal_to_what_was_written(string sample)
    {
        var s = RecordSamples.Get(sample);
        var (value, _) = s.Decode(Wire.Encode(s.Value));
        Structural.AssertEqual(s.Value, value);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Record_reader_consumes_exactly_the_bytes_the_writer_produced(string sample)
    {
        var s = RecordSamples.Get(sample);
        var bytes = Wire.Encode(s.Value);
        var (_, consumed) = s.Decode(bytes);
        Assert.Equal(bytes.Length, consumed);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Record_read_back_writes_the_same_bytes_again(string sample)
    {
        var s = RecordSamples.Get(sample);
        var bytes = Wire.Encode(s.Value);
        var (value, _) = s.Decode(bytes);
        Assert.Equal(Hex.Of(bytes), Hex.Of(Wire.Encode((Keeper.Protocol.Jute.IJuteRecord)value!)));
    }

    [Theory]
    [MemberData(nameof(DocumentedSamples))]
    public void Record_is_written_field_by_field_in_declaration_order(string sample)
    {
        var s = RecordSamples.Get(sample);
        Assert.Equal(Hex.Normalize(s.Hex!), Hex.Of(Wire.Encode(s.Value)));
    }

    [Theory]
    [MemberData(nameof(DocumentedSamples))]
    public void Documented_bytes_read_as_the_record(string sample)
    {
        var s = RecordSamples.Get(sample);
        var bytes = Hex.Parse(s.Hex!);
        var (value, consumed) = s.Decode(bytes);
        Structural.AssertEqual(s.Value, value);
        Assert.Equal(bytes.Length, consumed);
    }

    [Fact]
    public void Every_record_type_of_the_protocol_library_has_a_round_trip_sample()
    {
        var covered = RecordSamples.All.Select(s => s.RecordType).ToHashSet();
        var missing = RecordSamples.AllRecordTypes().Where(t => !covered.Contains(t)).Select(t => t.Name).Order().ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_record_type_has_a_documented_byte_layout()
    {
        var documented = RecordSamples.All.Where(s => s.Hex is not null).Select(s => s.RecordType).ToHashSet();
        var missing = RecordSamples.AllRecordTypes().Where(t => !documented.Contains(t)).Select(t => t.Name).Order().ToList();
        Assert.Empty(missing);
    }
}
