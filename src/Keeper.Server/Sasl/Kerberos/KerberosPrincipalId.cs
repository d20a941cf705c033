using System.Text.RegularExpressions;
using Keeper.Server.Logging;

namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// The <c>sasl</c> ACL id of an authenticated Kerberos principal, as ZooKeeper's SaslServerCallbackHandler makes it:
/// KerberosName splits "service[/host]@REALM", the <c>auth_to_local</c> rules (<see cref="AuthToLocalRules"/>, tried
/// in order, the first with a name wins) give the short name, and then "/host" and "@REALM" are put back unless
/// <c>kerberos.removeHostFromPrincipal</c> / <c>removeRealmFromPrincipal</c> drop them. When no rule gives a name, or
/// the first name a rule gives still holds '/' or '@', ZooKeeper logs an error and the login keeps the full principal
/// (the authorization id Java's client asks for, which is its principal); so do we.
/// </summary>
internal static partial class KerberosPrincipalId
{
    /// <summary>KerberosName's reading of a principal: at most two components, then the realm.</summary>
    [GeneratedRegex("^([^/@]*)(?:/([^/@]*))?@([^/@]*)$")]
    private static partial Regex KerberosName();

    public static string Of(string principal, string? defaultRealm, KerberosSettings settings)
    {
        var m = KerberosName().Match(principal);
        // A name with no realm is already short; ZooKeeper throws on a name with '@' it cannot read (three components)
        // outside its error handling; we keep such a name whole.
        if (!m.Success) return principal;
        string service = m.Groups[1].Value, realm = m.Groups[3].Value;
        string? host = m.Groups[2].Success ? m.Groups[2].Value : null;
        string[] parameters = host is null ? [realm, service] : [realm, service, host];

        var (shortName, problem) = ShortName(settings.AuthToLocal, parameters, defaultRealm ?? "");
        if (shortName is null)
        {
            Log.For(typeof(KerberosPrincipalId)).Error($"Kerberos login {principal}: {problem}; its sasl id is the full principal");
            return principal;
        }
        var id = shortName;
        if (!settings.RemoveHostFromPrincipal && host is not null) id += "/" + host;
        if (!settings.RemoveRealmFromPrincipal) id += "@" + realm;
        return id;
    }

    /// <summary>KerberosName.getShortName: the first rule's name, or why there is none.</summary>
    internal static (string? Name, string? Problem) ShortName(AuthToLocalRules rules, IReadOnlyList<string> parameters, string defaultRealm)
    {
        foreach (var rule in rules.Rules)
        {
            string? name;
            try
            {
                name = rule.Apply(parameters, defaultRealm);
            }
            catch (RegexMatchTimeoutException)
            {
                return (null, $"auth_to_local rule {rule.Text} took too long to match");
            }
            if (name is null) continue;
            if (name.Contains('/') || name.Contains('@')) return (null, $"Non-simple name {name} after auth_to_local rule {rule.Text}");
            return (name, null);
        }
        return (null, $"No rules applied to {string.Join('/', parameters.Skip(1))}@{parameters[0]}");
    }
}
