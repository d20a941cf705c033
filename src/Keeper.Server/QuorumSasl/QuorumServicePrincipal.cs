namespace Keeper.Server.QuorumSasl;

/// <summary>
/// The principal a quorum learner authenticates to, from <c>quorum.auth.kerberos.servicePrincipal</c> as
/// SecurityUtils.getServerPrincipal makes it: a value of exactly two '/'-separated parts whose second is
/// <c>_HOST</c> becomes "first/dialled host" (the host in lower case); anything else is used as given (so
/// "zkquorum/_HOST@REALM", which has a realm, keeps its "_HOST", as in Apache).
/// </summary>
internal static class QuorumServicePrincipal
{
    public const string HostPattern = "_HOST";

    public static string For(string configured, string host)
    {
        var parts = configured.Split('/');
        return parts.Length == 2 && parts[1] == HostPattern ? parts[0] + "/" + host.ToLowerInvariant() : configured;
    }

    /// <summary>
    /// The service/host name GSS-API is given (a host-based service, so without a realm: the realm comes from
    /// krb5.conf's domain_realm or default realm), and the realm the principal named, if any.
    /// </summary>
    public static (string Target, string? Realm) SplitRealm(string principal)
    {
        int at = principal.LastIndexOf('@');
        return at < 0 ? (principal, null) : (principal[..at], principal[(at + 1)..]);
    }

    /// <summary>
    /// SaslQuorumServerCallbackHandler's Kerberos authorisation: the learner's principal must have three parts
    /// (service/host@REALM) and its host must be one of the ensemble's server hosts. Null when authorised, else why not.
    /// </summary>
    public static string? Unauthorized(string principal, IReadOnlySet<string> authorizedHosts)
    {
        var parts = principal.Split('/', '@');
        if (parts.Length != 3) return $"{principal} is not authorized to connect: not a service/host@REALM principal";
        return authorizedHosts.Contains(parts[1]) ? null
            : $"{principal} is not authorized to connect: its host {parts[1]} is not one of the ensemble's servers";
    }
}
