using Keeper.Server.Config;
using Keeper.Server.Sasl;

namespace Keeper.Server.Tests.Sasl;

/// <summary>The JAAS login configuration syntax, as Java's ConfigFile reads it, and a clear file:line for mistakes.</summary>
public class JaasConfigParserTests
{
    private static JaasConfig Parse(string text, Func<string, string?>? property = null) =>
        JaasConfigParser.Parse(text, "jaas.conf", property ?? (_ => null));

    private static ConfigException Fails(string text) => Assert.Throws<ConfigException>(() => Parse(text));

    [Fact]
    public void A_zookeeper_server_section_is_read()
    {
        var jaas = Parse("""
            Server {
                org.apache.zookeeper.server.auth.DigestLoginModule required
                user_super="adminsecret"
                user_bob="bobsecret";
            };
            Client {
              org.apache.zookeeper.server.auth.DigestLoginModule required username="bob" password="bobsecret";
            };
            """);

        var module = Assert.Single(jaas.Sections["Server"]);
        Assert.Equal(("org.apache.zookeeper.server.auth.DigestLoginModule", "required", 2), (module.ClassName, module.Flag, module.Line));
        Assert.Equal(new Dictionary<string, string> { ["user_super"] = "adminsecret", ["user_bob"] = "bobsecret" }, module.Options);
        Assert.Equal("bob", jaas.Sections["Client"][0].Options["username"]);
    }

    [Fact]
    public void Comments_flags_in_any_case_unquoted_words_and_several_modules_are_accepted()
    {
        var jaas = Parse("""
            // a comment
            /* a block
               comment */ Server {
              a.B REQUIRED debug=true;
              c.D Optional name=some-word_$*;
            };
            """);

        var modules = jaas.Sections["Server"];
        Assert.Equal(["required", "optional"], modules.Select(m => m.Flag));
        Assert.Equal("true", modules[0].Options["debug"]);
        Assert.Equal("some-word_$*", modules[1].Options["name"]);
        Assert.Equal(5, modules[1].Line);
    }

    [Fact]
    public void Quoted_values_take_javas_escapes_and_a_repeated_key_keeps_the_last()
    {
        var jaas = Parse("S { m required k=\"a\\\"b\\\\c\\td\\101\" k2=\"x\" k2=\"y\"; };");

        Assert.Equal("a\"b\\c\tdA", jaas.Sections["S"][0].Options["k"]);
        Assert.Equal("y", jaas.Sections["S"][0].Options["k2"]);
    }

    [Fact]
    public void Properties_are_expanded_in_values()
    {
        var jaas = Parse("S { m required keyTab=\"${user.home}${/}zk.keytab\"; };", p => p == "user.home" ? "/home/zk" : null);

        Assert.Equal("/home/zk/zk.keytab", jaas.Sections["S"][0].Options["keyTab"]);
    }

    [Fact]
    public void An_empty_section_is_allowed()
    {
        Assert.Empty(Parse("Empty { };").Sections["Empty"]);
    }

    [Theory]
    [InlineData("Server {\n  m required user_bob=\"x\"\n};", 3, "expected an option or ';'")]
    [InlineData("Server {\n  m required user_bob=\"x\";\n}", 3, "expected ';'")]
    [InlineData("Server\n  m required;\n};", 2, "expected '{'")]
    [InlineData("Server {\n  m mandatory;\n};", 2, "'mandatory' is not a control flag")]
    [InlineData("Server {\n  m required user_bob='x';\n};", 2, "single quotes")]
    [InlineData("Server {\n  m required user_bob=123;\n};", 2, "must be in double quotes")]
    [InlineData("Server {\n  m required user_bob=\"x;\n};", 2, "not closed")]
    [InlineData("Server {\n  m required user_bob;\n};", 2, "expected '=' after option user_bob")]
    [InlineData("# comment\nServer { };", 1, "unexpected character '#'")]
    [InlineData("S { };\n\nS { };", 3, "section S appears more than once")]
    [InlineData("S {\n m required k=\"${nope}\";\n};", 2, "cannot expand ${nope}")]
    [InlineData("S {\n m required\n", 3, "found end of file")]
    [InlineData("S { m required k=/etc/x; };", 1, "unexpected '/'")]
    [InlineData("/* never closed\nS { };", 1, "never closed")]
    public void A_syntax_error_names_the_file_and_line(string text, int line, string reason)
    {
        var e = Fails(text);

        Assert.Equal(("jaas.conf", line), (e.FileName, e.Line));
        Assert.Contains(reason, e.Reason);
        Assert.StartsWith($"jaas.conf:{line}: ", e.Message);
    }
}
