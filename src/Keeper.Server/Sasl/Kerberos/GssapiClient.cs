using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Text;

namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// The client side of one SASL GSSAPI login (RFC 4752) as Java's GSSAPI SASL client runs it for ZooKeeper's quorum
/// learner: the Kerberos context (mutual authentication) is the initial response and the answer to the server's
/// AP-REP, an empty token once the context is established, then the server's wrapped security-layer offer is
/// answered with a wrapped choice of "no security layer" (ZooKeeper's qop "auth") and our principal as the
/// authorization id. GSS-API is .NET's <see cref="NegotiateAuthentication"/> over libgssapi_krb5, with the default
/// initiator credentials (the ccache and client keytab <see cref="KerberosLearnerLogin"/> set up).
/// </summary>
internal sealed class GssapiClient : ISaslClientExchange
{
    // RFC 4752's security layer bits; ZooKeeper's quorum uses only the first.
    private const byte NoSecurityLayer = 1;

    private readonly NegotiateAuthentication _context;
    private readonly string _authorizationId;
    private Step _step = Step.Start;

    /// <param name="target">The service principal as service/host (no realm: GSS-API takes it as a host-based service).</param>
    /// <param name="authorizationId">What we ask to be authorised as (Java sends its own principal).</param>
    public GssapiClient(string target, string authorizationId)
    {
        _authorizationId = authorizationId;
        _context = new NegotiateAuthentication(new NegotiateAuthenticationClientOptions
        {
            Package = "Kerberos",
            TargetName = target,
            Credential = CredentialCache.DefaultNetworkCredentials,
            RequireMutualAuthentication = true,
        });
    }

    private enum Step { Start, Context, Layers, Complete, Failed }

    public bool IsComplete => _step == Step.Complete;

    /// <summary>The first token: the Kerberos AP-REQ. Throws <see cref="SaslFailure"/> (e.g. no ticket for the service).</summary>
    public byte[] Start()
    {
        if (_step != Step.Start) throw new SaslFailure("GSSAPI: the exchange has already started");
        return Run(() => Context([]));
    }

    /// <summary>Takes the server's token and returns ours (never null before completion).</summary>
    public byte[]? EvaluateChallenge(ReadOnlySpan<byte> token)
    {
        var copy = token.ToArray();
        return _step switch
        {
            Step.Context => Run(() => Context(copy)),
            Step.Layers => Run(() => Layers(copy)),
            Step.Complete => throw new SaslFailure("GSSAPI: the exchange is complete; the server sent more"),
            Step.Start => throw new SaslFailure("GSSAPI: the exchange has not started"),
            _ => throw new SaslFailure("GSSAPI: the exchange already failed"),
        };
    }

    private byte[] Run(Func<byte[]> step)
    {
        var was = _step;
        _step = Step.Failed;
        try
        {
            return step();
        }
        catch (Exception e) when (e is not SaslFailure)
        {
            throw new SaslFailure($"GSSAPI: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            if (_step == Step.Failed && was != Step.Failed) _context.Dispose();
        }
    }

    private byte[] Context(byte[] token)
    {
        var blob = _context.GetOutgoingBlob(token, out var status);
        switch (status)
        {
            case NegotiateAuthenticationStatusCode.ContinueNeeded:
                _step = Step.Context;
                return blob ?? [];
            case NegotiateAuthenticationStatusCode.Completed:
                // Established; the empty token (or a last context token) asks the server for its offer.
                _step = Step.Layers;
                return blob ?? [];
            default:
                throw new SaslFailure($"GSSAPI: no Kerberos context with the server ({Describe(status)})");
        }
    }

    private byte[] Layers(byte[] token)
    {
        var plain = new ArrayBufferWriter<byte>();
        var status = _context.Unwrap(token, plain, out _);
        if (status != NegotiateAuthenticationStatusCode.Completed) throw new SaslFailure($"GSSAPI: the server's security-layer offer does not unwrap ({Describe(status)})");
        var offer = plain.WrittenSpan;
        if (offer.Length != 4) throw new SaslFailure($"GSSAPI: the server's security-layer offer is {offer.Length} bytes, not 4");
        if ((offer[0] & NoSecurityLayer) == 0) throw new SaslFailure($"GSSAPI: the server offers layers 0x{offer[0]:x2}, not 'no security layer'");
        var id = Encoding.UTF8.GetBytes(_authorizationId);
        // Our choice, no largest message size (no layer, no wrapped traffic), then the authorization id.
        var choice = new byte[4 + id.Length];
        choice[0] = NoSecurityLayer;
        id.CopyTo(choice, 4);
        var wrapped = new ArrayBufferWriter<byte>();
        status = _context.Wrap(choice, wrapped, requestEncryption: false, out _);
        if (status != NegotiateAuthenticationStatusCode.Completed) throw new SaslFailure($"GSSAPI: cannot wrap the security-layer choice ({Describe(status)})");
        _step = Step.Complete;
        _context.Dispose();
        return wrapped.WrittenSpan.ToArray();
    }

    private static string Describe(NegotiateAuthenticationStatusCode status) => status switch
    {
        NegotiateAuthenticationStatusCode.UnknownCredentials => "no ticket for us: our keytab's key was refused, or the KDC does not know us",
        NegotiateAuthenticationStatusCode.TargetUnknown => "the KDC does not know the service principal",
        NegotiateAuthenticationStatusCode.CredentialsExpired => "our credentials have expired",
        NegotiateAuthenticationStatusCode.InvalidToken => "invalid or malformed token",
        NegotiateAuthenticationStatusCode.MessageAltered => "the token was altered",
        NegotiateAuthenticationStatusCode.ContextExpired => "the security context expired",
        _ => status.ToString(),
    };

    public void Dispose() => _context.Dispose();
}
