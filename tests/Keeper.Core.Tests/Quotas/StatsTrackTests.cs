using Keeper.Core.Quotas;

namespace Keeper.Core.Tests.Quotas;

/// <summary>The quota nodes' text, read and written as org.apache.zookeeper.StatsTrack does.</summary>
public class StatsTrackTests
{
    [Fact]
    public void Count_and_bytes_alone_print_in_the_3_4_form()
    {
        Assert.Equal("count=2,bytes=0", new StatsTrack { Count = 2, Bytes = 0 }.ToString());
    }

    [Fact]
    public void Hard_limits_follow_an_extra_equals_sign_sorted_and_separated_by_semicolons()
    {
        var limits = new StatsTrack { Count = 3, Bytes = -1, CountHardLimit = 3, ByteHardLimit = -1 };
        Assert.Equal("count=3,bytes=-1=;byteHardLimit=-1;countHardLimit=3", limits.ToString());
    }

    [Fact]
    public void The_3_8_form_reads_back_to_the_same_values()
    {
        var t = StatsTrack.Parse("count=3,bytes=-1=;byteHardLimit=10;countHardLimit=3");
        Assert.Equal((3L, -1L, 3L, 10L), (t.Count, t.Bytes, t.CountHardLimit, t.ByteHardLimit));
        Assert.Equal("count=3,bytes=-1=;byteHardLimit=10;countHardLimit=3", t.ToString());
    }

    [Fact]
    public void Absent_keys_read_as_minus_one_and_an_empty_text_is_an_empty_track()
    {
        var t = StatsTrack.Parse("");
        Assert.Equal((-1L, -1L, -1L, -1L), (t.Count, t.Bytes, t.CountHardLimit, t.ByteHardLimit));
        Assert.Equal("count=-1,bytes=-1", t.ToString());
    }

    [Fact]
    public void Runs_of_separators_count_as_one_and_an_empty_value_between_equals_signs_is_minus_one()
    {
        var t = StatsTrack.Parse("count=7,;;bytes==9");
        Assert.Equal((7L, -1L), (t.Count, t.Bytes));
    }

    [Fact]
    public void Unknown_keys_are_kept_and_printed_after_the_known_ones()
    {
        Assert.Equal("count=1,bytes=2=;zeta=5", StatsTrack.Parse("zeta=5;count=1,bytes=2").ToString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("count=")]
    [InlineData("count=1,bytes=x")]
    [InlineData("count=99999999999999999999")]
    public void Text_Java_cannot_parse_is_a_format_error(string text)
    {
        Assert.Throws<FormatException>(() => StatsTrack.Parse(text));
    }
}
