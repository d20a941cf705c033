using Keeper.Server.Sasl;

namespace Keeper.Server.Tests.Sasl;

/// <summary>RFC 2831's directive lists: tokens, quoted strings with escapes, white space and empty elements.</summary>
public class DigestDirectivesTests
{
    [Fact]
    public void Tokens_and_quoted_strings_are_read_in_order_with_names_lower_cased()
    {
        var list = DigestDirectives.Parse("charset=utf-8,USERNAME=\"alice\",nc=00000001");

        Assert.Equal([new("charset", "utf-8"), new("username", "alice"), new("nc", "00000001")], list);
    }

    [Fact]
    public void White_space_and_empty_elements_are_allowed()
    {
        var list = DigestDirectives.Parse(" , a = 1 ,, b=\"x y\" , ");

        Assert.Equal([new("a", "1"), new("b", "x y")], list);
    }

    [Fact]
    public void A_backslash_escapes_the_next_character_in_a_quoted_string()
    {
        Assert.Equal("a\"b\\c", DigestDirectives.Parse("v=\"a\\\"b\\\\c\"")[0].Value);
        Assert.Equal("v=\"a\\\"b\\\\c\"", "v=" + DigestDirectives.Quote("a\"b\\c"));
    }

    [Theory]
    [InlineData("username")]
    [InlineData("username=\"alice")]
    [InlineData("=x")]
    [InlineData("a=1 b=2")]
    [InlineData("a=\"1\"x")]
    public void Malformed_lists_fail(string text)
    {
        Assert.Throws<SaslFailure>(() => DigestDirectives.Parse(text));
    }
}
