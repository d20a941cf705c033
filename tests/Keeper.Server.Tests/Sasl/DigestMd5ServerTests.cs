using System.Text;
using Keeper.Server.Sasl;

namespace Keeper.Server.Tests.Sasl;

/// <summary>
/// The server's exchange as ZooKeeper's Java SASL server runs it. The client tokens are built the way the JDK's
/// client builds them (checked against its output in <see cref="DigestMd5Tests"/>).
/// </summary>
public class DigestMd5ServerTests
{
    private const string Nonce = "fixed-nonce-for-tests";
    private const string Cnonce = "client-nonce";
    private static readonly Dictionary<string, string> Users = new() { ["alice"] = "secret", ["bob"] = "hunter2" };

    private static DigestMd5Server NewServer() => new(u => Users.GetValueOrDefault(u), Nonce);

    private static string ResponseFor(string user, string password, string nonce = Nonce, string uri = DigestMd5Server.DigestUri) =>
        DigestMd5.ClientResponse(new DigestCredentials(user, DigestMd5Server.Realm, password, nonce, Cnonce, "00000001", "auth", uri, null));

    private static byte[] Token(string user, string response, string extra = "", string nonce = Nonce, string uri = DigestMd5Server.DigestUri) =>
        Encoding.UTF8.GetBytes($"charset=utf-8,username=\"{user}\",realm=\"zk-sasl-md5\",nonce=\"{nonce}\",nc=00000001,cnonce=\"{Cnonce}\"," +
            $"digest-uri=\"{uri}\",maxbuf=65536,response={response},qop=auth{extra}");

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public void The_first_token_is_answered_with_javas_challenge()
    {
        var server = NewServer();

        Assert.Equal($"realm=\"zk-sasl-md5\",nonce=\"{Nonce}\",charset=utf-8,algorithm=md5-sess", Text(server.Evaluate([])));
        Assert.False(server.IsComplete);
    }

    [Fact]
    public void A_fresh_nonce_is_random_and_as_long_as_the_jdks()
    {
        string NonceOf(DigestMd5Server s) => DigestDirectives.Parse(Text(s.Evaluate([]))).Single(d => d.Key == "nonce").Value;
        var a = NonceOf(new DigestMd5Server(_ => null));
        var b = NonceOf(new DigestMd5Server(_ => null));

        Assert.Equal(40, a.Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void The_right_password_completes_with_rspauth_and_the_user_as_the_id()
    {
        var server = NewServer();
        server.Evaluate([]);

        var reply = Text(server.Evaluate(Token("alice", ResponseFor("alice", "secret"))));

        var expected = DigestMd5.ServerResponse(new DigestCredentials("alice", "zk-sasl-md5", "secret", Nonce, Cnonce, "00000001", "auth", DigestMd5Server.DigestUri, null));
        Assert.Equal("rspauth=" + expected, reply);
        Assert.True(server.IsComplete);
        Assert.Equal("alice", server.AuthorizationId);
    }

    [Fact]
    public void The_authentication_id_is_the_id_whatever_authzid_asks_for()
    {
        var server = NewServer();
        server.Evaluate([]);
        var response = DigestMd5.ClientResponse(new DigestCredentials("alice", "zk-sasl-md5", "secret", Nonce, Cnonce, "00000001", "auth", DigestMd5Server.DigestUri, "bob"));

        server.Evaluate(Token("alice", response, ",authzid=\"bob\""));

        Assert.Equal("alice", server.AuthorizationId);
    }

    [Fact]
    public void A_wrong_password_fails()
    {
        var server = NewServer();
        server.Evaluate([]);

        var e = Assert.Throws<SaslFailure>(() => server.Evaluate(Token("alice", ResponseFor("alice", "wrong"))));

        Assert.Contains("wrong password for user 'alice'", e.Message);
        Assert.False(server.IsComplete);
        Assert.Null(server.AuthorizationId);
    }

    [Fact]
    public void An_unknown_user_fails()
    {
        var server = NewServer();
        server.Evaluate([]);

        var e = Assert.Throws<SaslFailure>(() => server.Evaluate(Token("carol", ResponseFor("carol", "secret"))));

        Assert.Contains("'carol' is not in the JAAS login section", e.Message);
    }

    [Theory]
    [InlineData("nonce")]
    [InlineData("uri")]
    [InlineData("qop")]
    [InlineData("realm")]
    [InlineData("charset")]
    [InlineData("duplicate")]
    [InlineData("garbage")]
    public void A_response_that_breaks_the_protocol_fails(string what)
    {
        var server = NewServer();
        server.Evaluate([]);
        var good = ResponseFor("alice", "secret");
        byte[] token = what switch
        {
            "nonce" => Token("alice", ResponseFor("alice", "secret", nonce: "other"), nonce: "other"),
            "uri" => Token("alice", ResponseFor("alice", "secret", uri: "zookeeper/other"), uri: "zookeeper/other"),
            "qop" => Encoding.UTF8.GetBytes(Text(Token("alice", good)).Replace("qop=auth", "qop=auth-int")),
            "realm" => Encoding.UTF8.GetBytes(Text(Token("alice", good)).Replace("realm=\"zk-sasl-md5\",", "")),
            "charset" => Encoding.UTF8.GetBytes(Text(Token("alice", good)).Replace("charset=utf-8", "charset=latin-1")),
            "duplicate" => Token("alice", good, ",username=\"bob\""),
            _ => Encoding.UTF8.GetBytes("\u0001\u0002 not a digest response"),
        };

        Assert.Throws<SaslFailure>(() => server.Evaluate(token));
        Assert.False(server.IsComplete);
    }

    [Fact]
    public void Unknown_directives_and_a_missing_qop_are_accepted_as_javas_server_does()
    {
        var server = NewServer();
        server.Evaluate([]);
        var token = Text(Token("alice", ResponseFor("alice", "secret"), ",foo=bar")).Replace(",qop=auth", "");

        server.Evaluate(Encoding.UTF8.GetBytes(token));

        Assert.True(server.IsComplete);
    }

    [Fact]
    public void A_token_after_completion_fails()
    {
        var server = NewServer();
        server.Evaluate([]);
        server.Evaluate(Token("alice", ResponseFor("alice", "secret")));

        Assert.Throws<SaslFailure>(() => server.Evaluate([]));
        Assert.False(server.IsComplete);
    }

    [Fact]
    public void After_a_failure_every_token_fails()
    {
        var server = NewServer();
        server.Evaluate([]);
        Assert.Throws<SaslFailure>(() => server.Evaluate(Token("alice", ResponseFor("alice", "wrong"))));

        Assert.Throws<SaslFailure>(() => server.Evaluate(Token("alice", ResponseFor("alice", "secret"))));
    }

    [Fact]
    public void A_non_ascii_user_logs_in_with_utf8_on_the_wire()
    {
        var server = new DigestMd5Server(u => u == "jörg" ? "pässwörd€" : null, Nonce);
        server.Evaluate([]);
        var response = DigestMd5.ClientResponse(new DigestCredentials("jörg", "zk-sasl-md5", "pässwörd€", Nonce, Cnonce, "00000001", "auth", DigestMd5Server.DigestUri, null));

        server.Evaluate(Token("jörg", response));

        Assert.Equal("jörg", server.AuthorizationId);
    }
}
