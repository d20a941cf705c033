using Keeper.Server.Sasl;
using Keeper.Server.Sasl.Kerberos;

namespace Keeper.Server.QuorumSasl;

/// <summary>
/// A quorum peer's GSSAPI login to us, checked as SaslQuorumServerCallbackHandler authorises it once the exchange is
/// done: the authorization id asked for (if any) must be the authenticated principal, and that principal must be
/// service/host@REALM with a host among the ensemble's servers. An unauthorised peer is a <see cref="SaslFailure"/>
/// at the last step, so it is told ERROR, not SUCCESS.
/// </summary>
internal sealed class QuorumKerberosServerExchange(GssapiServer inner, IReadOnlySet<string> authorizedHosts) : ISaslServerExchange
{
    public bool IsComplete => inner.IsComplete;

    public string? AuthorizationId => inner.IsComplete ? inner.Principal : null;

    public byte[]? Evaluate(ReadOnlySpan<byte> token)
    {
        var reply = inner.Evaluate(token);
        if (!inner.IsComplete) return reply;
        string principal = inner.Principal ?? throw new SaslFailure("GSSAPI: no authenticated principal");
        string asked = inner.RequestedAuthorizationId;
        if (asked.Length > 0 && asked != principal)
            throw new SaslFailure($"{principal} asked to be authorized as {asked}, which is not itself");
        if (QuorumServicePrincipal.Unauthorized(principal, authorizedHosts) is { } why) throw new SaslFailure(why);
        return reply;
    }
}
