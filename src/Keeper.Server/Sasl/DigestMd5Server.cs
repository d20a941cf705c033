using System.Security.Cryptography;
using System.Text;

namespace Keeper.Server.Sasl;

/// <summary>
/// The server side of one DIGEST-MD5 exchange as ZooKeeper runs it (Java's SASL server with protocol "zookeeper",
/// server name and realm "zk-sasl-md5" on the client port, see <see cref="DigestMd5Service"/> for the quorum's; qop auth only): the client's first token is ignored and answered with a
/// challenge; its digest-response is checked and answered with rspauth, which completes the exchange. Anything
/// else, or anything after that, is a <see cref="SaslFailure"/>.
/// </summary>
internal sealed class DigestMd5Server : ISaslServerExchange
{
    public const string Realm = "zk-sasl-md5";
    public const string DigestUri = "zookeeper/" + Realm;

    private readonly Func<string, string?> _passwordOf;
    private readonly string _nonce;
    private readonly DigestMd5Service _service;
    private Step _step = Step.Start;

    /// <param name="passwordOf">The password of a user, or null for a user who may not log in.</param>
    /// <param name="nonce">The challenge's nonce; null draws a fresh random one, as every real exchange must.</param>
    /// <param name="service">Protocol and server name (the realm); null: the client port's.</param>
    public DigestMd5Server(Func<string, string?> passwordOf, string? nonce = null, DigestMd5Service? service = null)
    {
        _passwordOf = passwordOf;
        _service = service ?? DigestMd5Service.ClientPort;
        // 30 random bytes make 40 base64 characters, as long as the JDK's nonces.
        _nonce = nonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
    }

    private enum Step { Start, Challenged, Complete, Failed }

    public bool IsComplete => _step == Step.Complete;

    /// <summary>Who logged in (the authentication id: ZooKeeper's callback handler authorizes that name, whatever authzid asked for).</summary>
    public string? AuthorizationId { get; private set; }

    /// <summary>Takes the client's token and returns the server's next one.</summary>
    public byte[] Evaluate(ReadOnlySpan<byte> token)
    {
        switch (_step)
        {
            case Step.Start:
                _step = Step.Challenged;
                return Encoding.ASCII.GetBytes($"realm=\"{_service.Realm}\",nonce=\"{_nonce}\",charset=utf-8,algorithm=md5-sess");
            case Step.Challenged:
                _step = Step.Failed;
                var rspauth = Verify(token);
                _step = Step.Complete;
                return Encoding.ASCII.GetBytes("rspauth=" + rspauth);
            case Step.Complete:
                _step = Step.Failed;
                throw new SaslFailure("DIGEST-MD5 exchange already complete; no further token is expected");
            default:
                throw new SaslFailure("DIGEST-MD5 exchange already failed");
        }
    }

    private string Verify(ReadOnlySpan<byte> token)
    {
        if (token.IsEmpty) throw new SaslFailure("empty digest-response");
        var directives = DigestDirectives.Once(DigestDirectives.Parse(Encoding.Latin1.GetString(token)), ResponseOnce, "digest-response");
        bool utf8 = DigestDirectives.IsUtf8(directives);
        string Get(string name) =>
            DigestDirectives.Decode(directives.TryGetValue(name, out var v) ? v : throw new SaslFailure($"digest-response without {name}"), utf8, "digest-response");

        string username = Get("username");
        string realm = directives.ContainsKey("realm") ? Get("realm") : "";
        if (realm != _service.Realm) throw new SaslFailure($"unknown realm '{realm}' (expected {_service.Realm})");
        if (Get("nonce") != _nonce) throw new SaslFailure("nonce does not match the challenge");
        string cnonce = Get("cnonce");
        string nc = Get("nc");
        if (nc != "00000001") throw new SaslFailure($"nonce-count '{nc}' is not 00000001");
        string qop = directives.ContainsKey("qop") ? Get("qop") : "auth";
        if (qop != "auth") throw new SaslFailure($"qop '{qop}' is not supported (only auth)");
        string uri = Get("digest-uri");
        if (uri != _service.DigestUri) throw new SaslFailure($"digest-uri '{uri}' is not {_service.DigestUri}");
        string response = Get("response");
        string? authzid = directives.ContainsKey("authzid") ? Get("authzid") : null;

        // The quorum's callback handler authorizes a learner only as itself (SaslQuorumServerCallbackHandler).
        if (_service.AuthzidMustMatch && authzid is not null && authzid != username)
            throw new SaslFailure($"user '{username}' may not act as '{authzid}'");
        string password = _passwordOf(username) ?? throw new SaslFailure($"user '{username}' is not in the JAAS login section");
        var credentials = new DigestCredentials(username, realm, password, _nonce, cnonce, nc, qop, uri, authzid);
        var expected = Encoding.ASCII.GetBytes(DigestMd5.ClientResponse(credentials));
        var given = Encoding.ASCII.GetBytes(response.ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(expected, given)) throw new SaslFailure($"wrong password for user '{username}'");
        AuthorizationId = username;
        return DigestMd5.ServerResponse(credentials);
    }

    // The directives a digest-response may carry once (RFC 2831 2.1.2); others are ignored, as Java's server does.
    private static readonly HashSet<string> ResponseOnce = new(StringComparer.Ordinal)
    {
        "username", "realm", "nonce", "cnonce", "nc", "qop", "digest-uri", "response", "maxbuf", "charset", "cipher", "authzid",
    };
}
