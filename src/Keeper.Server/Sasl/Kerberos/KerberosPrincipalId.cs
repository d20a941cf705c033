namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// The <c>sasl</c> ACL id of an authenticated Kerberos principal, as ZooKeeper's SaslServerCallbackHandler makes it
/// with KerberosName's DEFAULT auth_to_local rule: a principal of the default realm keeps its first component, then
/// "/host" and "@REALM" unless <c>kerberos.removeHostFromPrincipal</c> / <c>removeRealmFromPrincipal</c> drop them.
/// A principal of another realm matches no rule; ZooKeeper then logs an error and keeps the full name, and so do we.
/// </summary>
internal static class KerberosPrincipalId
{
    public static string Of(string principal, string? defaultRealm, KerberosSettings settings)
    {
        int at = principal.LastIndexOf('@');
        if (at < 0) return principal;
        string name = principal[..at], realm = principal[(at + 1)..];
        if (realm != (defaultRealm ?? "")) return principal;
        int slash = name.IndexOf('/');
        if (slash >= 0 && name.IndexOf('/', slash + 1) >= 0) return principal; // not a KerberosName: left whole
        string service = slash < 0 ? name : name[..slash];
        string? host = slash < 0 ? null : name[(slash + 1)..];
        var id = service;
        if (!settings.RemoveHostFromPrincipal && !string.IsNullOrEmpty(host)) id += "/" + host;
        if (!settings.RemoveRealmFromPrincipal && realm.Length > 0) id += "@" + realm;
        return id;
    }
}
