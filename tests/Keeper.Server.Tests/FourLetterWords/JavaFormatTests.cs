using System.Net;
using Keeper.Server.FourLetterWords;

namespace Keeper.Server.Tests.FourLetterWords;

public class JavaFormatTests
{
    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(14.0, "14.0")]
    [InlineData(2.375, "2.375")]
    [InlineData(0.5714, "0.5714")]
    [InlineData(1172.0, "1172.0")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "1.0E-4")]
    [InlineData(12345678.0, "1.2345678E7")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(-2.5, "-2.5")]
    public void Doubles_print_as_java_prints_them(double value, string expected)
    {
        Assert.Equal(expected, JavaFormat.Double(value));
    }

    [Theory]
    [InlineData(4, 7, 0.5714)]
    [InlineData(38, 17, 2.2353)]
    [InlineData(83, 7, 11.8571)]
    [InlineData(2, 3, 0.6667)]
    [InlineData(1, 32, 0.0313)]
    public void Averages_round_half_up_to_four_places(long total, long count, double expected)
    {
        Assert.Equal(expected, JavaFormat.RoundHalfUp4(total / (double)count));
    }

    [Fact]
    public void Rounding_uses_the_exact_binary_value_like_BigDecimal()
    {
        // 2.00025 is stored as 2.0002499999..., so Java's BigDecimal rounds it down (checked with jshell).
        Assert.Equal(2.0002, JavaFormat.RoundHalfUp4(2.00025));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(0x100000635130000L, "100000635130000")]
    [InlineData(-1L, "ffffffffffffffff")]
    public void Hex_is_lowercase_without_padding(long value, string expected)
    {
        Assert.Equal(expected, JavaFormat.Hex(value));
    }

    [Fact]
    public void Dates_print_like_java_util_date_in_utc()
    {
        Assert.Equal("Thu Jan 01 00:00:00 UTC 1970", JavaFormat.Date(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Dates_in_another_offset_are_shown_in_utc()
    {
        Assert.Equal("Tue Nov 24 05:40:54 UTC 2026", JavaFormat.Date(new DateTimeOffset(2026, 11, 24, 7, 40, 54, TimeSpan.FromHours(2))));
    }

    [Theory]
    [InlineData("127.0.0.1:52740", "/127.0.0.1:52740")]
    [InlineData("[::1]:2181", "/[0:0:0:0:0:0:0:1]:2181")]
    [InlineData("[::ffff:10.0.0.1]:2181", "/10.0.0.1:2181")]
    public void Socket_addresses_print_like_java(string endpoint, string expected)
    {
        Assert.Equal(expected, JavaFormat.SocketAddress(IPEndPoint.Parse(endpoint)));
    }
}
