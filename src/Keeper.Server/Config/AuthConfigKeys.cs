namespace Keeper.Server.Config;

/// <summary>The keys of <see cref="AuthConfig"/>, named as ZooKeeper's system properties without <c>zookeeper.</c>.</summary>
internal static class AuthConfigKeys
{
    private const string ProviderPrefix = "authProvider.";
    private const string SuperUser = "superUser";

    /// <summary>Applies <paramref name="name"/> if it is an authentication key; false for any other key.</summary>
    public static bool TryApply(ParseState state, ConfigValue v, string name)
    {
        var auth = state.Config.Auth;
        switch (name)
        {
            case "java.security.auth.login.config":
                auth = auth with { JaasConfigPath = v.NonEmpty() };
                break;
            case "sasl.serverconfig":
                auth = auth with { SaslLoginContext = v.NonEmpty() };
                break;
            case "SASLAuthenticationProvider.superPassword":
                auth = auth with { SaslSuperPassword = v.Text };
                break;
            case "sessionRequireClientSASLAuth":
                auth = auth with { SessionRequireClientSaslAuth = v.Bool() };
                break;
            case "enforce.auth.enabled":
                auth = auth with { EnforceAuthEnabled = v.Bool() };
                break;
            case "enforce.auth.schemes":
                auth = auth with { EnforceAuthSchemes = v.Text };
                break;
            case "allowSaslFailedClients":
                auth = auth with { AllowSaslFailedClients = v.Bool() };
                break;
            default:
                if (name.StartsWith(ProviderPrefix, StringComparison.Ordinal))
                    auth = auth with { ProviderClasses = With(auth.ProviderClasses, name, v.NonEmpty()) };
                else if (name == SuperUser || name.StartsWith(SuperUser + ".", StringComparison.Ordinal))
                    auth = auth with { SuperUsers = With(auth.SuperUsers, name, v.Text) };
                else
                    return Sasl.Kerberos.KerberosConfigKeys.TryApply(state, v, name);
                break;
        }
        state.Config = state.Config with { Auth = auth };
        return true;
    }

    private static SortedDictionary<string, string> With(IReadOnlyDictionary<string, string> map, string key, string value) =>
        new(map.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal) { [key] = value };
}
