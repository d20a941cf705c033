namespace Keeper.Core.Auth;

/// <summary>The <c>sasl</c> scheme's ids: ZooKeeper's SASLAuthenticationProvider accepts what Kerberos names accept.</summary>
public static class SaslIds
{
    /// <summary>
    /// KerberosName's rule: a name with an '@' must be <c>service[/host]@REALM</c> with no further '/' or '@'; a
    /// name without one (a DIGEST-MD5 user name) is always valid.
    /// </summary>
    public static bool IsValid(string id)
    {
        int at = id.IndexOf('@');
        if (at < 0) return true;
        string principal = id[..at], realm = id[(at + 1)..];
        if (realm.Contains('@') || realm.Contains('/')) return false;
        int slash = principal.IndexOf('/');
        return slash < 0 || principal.IndexOf('/', slash + 1) < 0;
    }

    /// <summary>SASLAuthenticationProvider.matches: the same name, or a caller authenticated as "super".</summary>
    public static bool Matches(string callerId, string aclId) => callerId == aclId || callerId == "super";
}
