using System.Buffers;
using System.Net.Security;
using System.Text;

namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// The server side of one SASL GSSAPI login (RFC 4752) as Java's GSSAPI SASL server runs it for ZooKeeper: the
/// client's tokens go to GSS-API (.NET's <see cref="NegotiateAuthentication"/>, libgssapi_krb5 on Linux, with the
/// keytab libkrb5 is pointed at) until the Kerberos context is established; the client's next (empty) token is
/// answered with the wrapped security-layer offer (only "no security layer", as ZooKeeper's qop "auth"); the
/// client's wrapped choice completes the login. The id is the authenticated principal, mapped by
/// <see cref="KerberosPrincipalId"/>; an authorization id the client asks for is not honoured (ZooKeeper's callback
/// handler also names the login after the principal).
/// </summary>
internal sealed class GssapiServer : ISaslServerExchange
{
    // RFC 4752's security layer bits; ZooKeeper's server offers only the first.
    private const byte NoSecurityLayer = 1;

    private readonly NegotiateAuthentication _context = new(new NegotiateAuthenticationServerOptions { Package = "Kerberos" });
    private readonly Func<string, string> _idOf;
    private Step _step = Step.Context;

    /// <param name="idOf">The ACL id of an authenticated principal.</param>
    public GssapiServer(Func<string, string> idOf) => _idOf = idOf;

    private enum Step { Context, Offer, Choice, Complete, Failed }

    public bool IsComplete => _step == Step.Complete;

    public string? AuthorizationId { get; private set; }

    /// <summary>The authorization id the client asked for in its security-layer choice (empty: none), once complete.</summary>
    public string RequestedAuthorizationId { get; private set; } = "";

    /// <summary>The authenticated principal (e.g. alice@REALM), once the context is established.</summary>
    public string? Principal { get; private set; }

    public byte[]? Evaluate(ReadOnlySpan<byte> token)
    {
        var step = _step;
        _step = Step.Failed;
        try
        {
            byte[]? answer = step switch
            {
                Step.Context => Accept(token),
                Step.Offer => Offer(token),
                Step.Choice => Choice(token),
                Step.Complete => throw new SaslFailure("GSSAPI exchange already complete; no further token is expected"),
                _ => throw new SaslFailure("GSSAPI exchange already failed"),
            };
            return answer;
        }
        catch (Exception e) when (e is not SaslFailure)
        {
            // NegotiateAuthentication reports most failures as status codes; anything it throws is a failed login too.
            throw new SaslFailure($"GSSAPI: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            if (_step is Step.Complete or Step.Failed) _context.Dispose();
        }
    }

    private byte[] Accept(ReadOnlySpan<byte> token)
    {
        if (token.IsEmpty) throw new SaslFailure("GSSAPI: the client sent no initial context token");
        var reply = _context.GetOutgoingBlob(token, out var status);
        switch (status)
        {
            case NegotiateAuthenticationStatusCode.ContinueNeeded:
                _step = Step.Context;
                return reply ?? [];
            case NegotiateAuthenticationStatusCode.Completed:
                Principal = _context.RemoteIdentity.Name;
                _step = Step.Offer;
                // The mutual-authentication reply (AP-REP); the client answers it with an empty token.
                return reply ?? [];
            default:
                throw new SaslFailure($"GSSAPI: the Kerberos context was not accepted ({Describe(status)})");
        }
    }

    private byte[] Offer(ReadOnlySpan<byte> token)
    {
        if (!token.IsEmpty) throw new SaslFailure($"GSSAPI: expected an empty token after the context was established, got {token.Length} bytes");
        // Layers bitmask, then the largest message we take (none: no security layer means no wrapped traffic).
        Span<byte> offer = [NoSecurityLayer, 0, 0, 0];
        var wrapped = new ArrayBufferWriter<byte>();
        var status = _context.Wrap(offer, wrapped, requestEncryption: false, out _);
        if (status != NegotiateAuthenticationStatusCode.Completed) throw new SaslFailure($"GSSAPI: cannot wrap the security-layer offer ({Describe(status)})");
        _step = Step.Choice;
        return wrapped.WrittenSpan.ToArray();
    }

    private byte[]? Choice(ReadOnlySpan<byte> token)
    {
        var plain = new ArrayBufferWriter<byte>();
        var status = _context.Unwrap(token, plain, out _);
        if (status != NegotiateAuthenticationStatusCode.Completed) throw new SaslFailure($"GSSAPI: the client's security-layer choice does not unwrap ({Describe(status)})");
        var choice = plain.WrittenSpan;
        if (choice.Length < 4) throw new SaslFailure($"GSSAPI: the client's security-layer choice is {choice.Length} bytes, not at least 4");
        if (choice[0] != NoSecurityLayer) throw new SaslFailure($"GSSAPI: the client chose security layer 0x{choice[0]:x2}; only 'no security layer' (0x01) is offered");
        string asked = Encoding.UTF8.GetString(choice[4..]);
        RequestedAuthorizationId = asked;
        string principal = Principal ?? throw new SaslFailure("GSSAPI: no authenticated principal");
        AuthorizationId = _idOf(principal);
        if (asked.Length > 0 && asked != principal)
            Logging.Log.For(typeof(GssapiServer)).Info($"GSSAPI: {principal} asked for authorization id '{asked}'; the login is named after the principal");
        _step = Step.Complete;
        return null;
    }

    private static string Describe(NegotiateAuthenticationStatusCode status) => status switch
    {
        NegotiateAuthenticationStatusCode.InvalidToken => "invalid or malformed token",
        NegotiateAuthenticationStatusCode.UnknownCredentials => "no key for the ticket's service principal in the keytab, or an unknown principal",
        NegotiateAuthenticationStatusCode.CredentialsExpired => "the ticket has expired",
        NegotiateAuthenticationStatusCode.BadBinding => "bad channel binding",
        NegotiateAuthenticationStatusCode.MessageAltered => "the token was altered",
        NegotiateAuthenticationStatusCode.ContextExpired => "the security context expired",
        NegotiateAuthenticationStatusCode.OutOfSequence => "token out of sequence",
        NegotiateAuthenticationStatusCode.QopNotSupported => "quality of protection not supported",
        NegotiateAuthenticationStatusCode.SecurityQosFailed => "security quality of service failed",
        NegotiateAuthenticationStatusCode.TargetUnknown => "the target (service principal) is unknown",
        NegotiateAuthenticationStatusCode.ImpersonationValidationFailed => "impersonation validation failed",
        NegotiateAuthenticationStatusCode.Unsupported => "unsupported",
        _ => status.ToString(),
    };
}
