using Keeper.Server.Config;

namespace Keeper.Server.Sasl.Kerberos;

/// <summary>The keys of <see cref="KerberosSettings"/>, named as the system properties without <c>zookeeper.</c>.</summary>
internal static class KerberosConfigKeys
{
    /// <summary>Applies <paramref name="name"/> if it is a Kerberos key; false for any other key.</summary>
    public static bool TryApply(ParseState state, ConfigValue v, string name)
    {
        var auth = state.Config.Auth;
        var k = auth.Kerberos;
        switch (name)
        {
            case "java.security.krb5.conf": k = k with { Krb5ConfPath = v.NonEmpty() }; break;
            case "kerberos.removeHostFromPrincipal": k = k with { RemoveHostFromPrincipal = v.Bool() }; break;
            case "kerberos.removeRealmFromPrincipal": k = k with { RemoveRealmFromPrincipal = v.Bool() }; break;
            case "security.auth_to_local": k = k with { AuthToLocal = Rules(v) }; break;
            default: return false;
        }
        state.Config = state.Config with { Auth = auth with { Kerberos = k } };
        return true;
    }

    /// <summary>A malformed rule stops startup here, naming the file line or the -D option (ZooKeeper only finds out at the first login).</summary>
    private static AuthToLocalRules Rules(ConfigValue v)
    {
        try
        {
            return AuthToLocalRules.Parse(v.Text);
        }
        catch (FormatException e)
        {
            throw v.Fail(e.Message);
        }
    }
}
