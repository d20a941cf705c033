using System.Security.Cryptography;
using System.Text;

namespace Keeper.Server.Sasl;

/// <summary>
/// The client side of one DIGEST-MD5 exchange, as Java's SASL client runs it for ZooKeeper's learners (qop auth,
/// no initial response): the server's challenge is answered with a digest-response (authzid = the user, as ZooKeeper
/// passes it), and the server's <c>rspauth</c> is checked, which proves it knows our password too. Anything else is a
/// <see cref="SaslFailure"/>.
/// </summary>
internal sealed class DigestMd5Client : ISaslClientExchange
{
    private readonly string _username;
    private readonly string _password;
    private readonly DigestMd5Service _service;
    private readonly string _cnonce;
    private DigestCredentials? _sent;
    private Step _step = Step.Start;

    /// <param name="cnonce">The client nonce; null draws a fresh random one, as every real exchange must.</param>
    public DigestMd5Client(string username, string password, DigestMd5Service service, string? cnonce = null)
    {
        _username = username;
        _password = password;
        _service = service;
        // 30 random bytes make 40 base64 characters, as long as the JDK's cnonces.
        _cnonce = cnonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
    }

    private enum Step { Start, Responded, Complete, Failed }

    public bool IsComplete => _step == Step.Complete;

    /// <summary>DIGEST-MD5 has no initial response: the first token is empty.</summary>
    public byte[] Start() => [];

    public void Dispose()
    {
        // Nothing native to release.
    }

    /// <summary>Takes the server's token and returns ours; null once the exchange is complete (nothing more to send).</summary>
    public byte[]? EvaluateChallenge(ReadOnlySpan<byte> token)
    {
        switch (_step)
        {
            case Step.Start:
                _step = Step.Failed;
                var response = Respond(token);
                _step = Step.Responded;
                return response;
            case Step.Responded:
                _step = Step.Failed;
                CheckRspauth(token);
                _step = Step.Complete;
                return null;
            case Step.Complete:
                _step = Step.Failed;
                throw new SaslFailure("DIGEST-MD5 exchange already complete; the server sent another token");
            default:
                throw new SaslFailure("DIGEST-MD5 exchange already failed");
        }
    }

    private byte[] Respond(ReadOnlySpan<byte> token)
    {
        if (token.IsEmpty) throw new SaslFailure("empty digest-challenge");
        var list = DigestDirectives.Parse(Encoding.Latin1.GetString(token));
        var directives = DigestDirectives.Once(list, ChallengeOnce, "digest-challenge");
        // realm may be offered several times (RFC 2831 2.1.1).
        var realms = list.Where(d => d.Key == "realm").Select(d => d.Value).ToList();
        if (!directives.TryGetValue("nonce", out var nonce)) throw new SaslFailure("digest-challenge without nonce");
        directives.TryGetValue("algorithm", out var algorithm);
        if (algorithm is null || !algorithm.Equals("md5-sess", StringComparison.OrdinalIgnoreCase))
            throw new SaslFailure($"digest-challenge algorithm '{algorithm}' is not md5-sess");
        if (directives.TryGetValue("qop", out var qop) && !qop.Split(',').Any(q => q.Trim() == "auth"))
            throw new SaslFailure($"digest-challenge offers qop '{qop}' without auth (only auth is supported)");
        bool utf8 = DigestDirectives.IsUtf8(directives);
        nonce = DigestDirectives.Decode(nonce, utf8, "digest-challenge");
        // ZooKeeper's callback handler takes the realm the server offers (the first, if it offers several).
        string? realm = realms.Count > 0 ? DigestDirectives.Decode(realms[0], utf8, "digest-challenge") : null;

        _sent = new DigestCredentials(_username, realm ?? "", _password, nonce, _cnonce, "00000001", "auth",
            _service.DigestUri, Authzid: _username);
        var text = new StringBuilder();
        if (utf8) text.Append("charset=utf-8,");
        text.Append("username=").Append(DigestDirectives.Quote(_username));
        if (realm is not null) text.Append(",realm=").Append(DigestDirectives.Quote(realm));
        text.Append(",nonce=").Append(DigestDirectives.Quote(nonce))
            .Append(",nc=00000001,cnonce=").Append(DigestDirectives.Quote(_cnonce))
            .Append(",digest-uri=").Append(DigestDirectives.Quote(_service.DigestUri))
            .Append(",maxbuf=65536,response=").Append(DigestMd5.ClientResponse(_sent))
            .Append(",qop=auth,authzid=").Append(DigestDirectives.Quote(_username));
        return (utf8 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(text.ToString());
    }

    private void CheckRspauth(ReadOnlySpan<byte> token)
    {
        var directives = DigestDirectives.Parse(Encoding.Latin1.GetString(token));
        var rspauth = directives.Where(d => d.Key == "rspauth").Select(d => d.Value).ToList();
        if (rspauth.Count != 1) throw new SaslFailure("the server's last token has no rspauth");
        var expected = Encoding.ASCII.GetBytes(DigestMd5.ServerResponse(_sent!));
        var given = Encoding.ASCII.GetBytes(rspauth[0].ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
            throw new SaslFailure("the server's rspauth does not match: it does not know our password");
    }

    // The digest-challenge's directives that may appear at most once (RFC 2831 2.1.1); realm may repeat.
    private static readonly HashSet<string> ChallengeOnce = new(StringComparer.Ordinal) { "nonce", "charset", "algorithm", "qop" };
}
