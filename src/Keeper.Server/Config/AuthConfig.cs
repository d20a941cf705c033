namespace Keeper.Server.Config;

/// <summary>
/// The authentication settings ZooKeeper reads from system properties (or zoo.cfg keys, which it turns into
/// <c>zookeeper.*</c> properties): auth providers, the JAAS file for SASL, super users, and who must authenticate.
/// </summary>
public sealed record AuthConfig
{
    /// <summary><c>java.security.auth.login.config</c>: the JAAS file; null when not given (see <see cref="JaasEnvironmentVariable"/>).</summary>
    public string? JaasConfigPath { get; init; }

    /// <summary>Ours: where the JAAS file is named when no <c>-Djava.security.auth.login.config</c> can be passed.</summary>
    public const string JaasEnvironmentVariable = "KEEPER_JAAS_CONFIG";

    /// <summary><c>zookeeper.sasl.serverconfig</c>: the JAAS section the server's logins come from.</summary>
    public string SaslLoginContext { get; init; } = "Server";

    /// <summary><c>zookeeper.authProvider.*</c> values (class names) by key, in key order.</summary>
    public IReadOnlyDictionary<string, string> ProviderClasses { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>zookeeper.superUser</c> and <c>zookeeper.superUser.*</c>: SASL ids that also get <c>super</c>.</summary>
    public IReadOnlyDictionary<string, string> SuperUsers { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>zookeeper.SASLAuthenticationProvider.superPassword</c>: the password of the JAAS user "super".</summary>
    public string? SaslSuperPassword { get; init; }

    /// <summary><c>zookeeper.sessionRequireClientSASLAuth</c>: shorthand for enforcing the sasl scheme.</summary>
    public bool SessionRequireClientSaslAuth { get; init; }

    /// <summary><c>zookeeper.enforce.auth.enabled</c>.</summary>
    public bool EnforceAuthEnabled { get; init; }

    /// <summary><c>zookeeper.enforce.auth.schemes</c>, comma-separated.</summary>
    public string? EnforceAuthSchemes { get; init; }

    /// <summary><c>zookeeper.allowSaslFailedClients</c>: keep a connection whose SASL login failed.</summary>
    public bool AllowSaslFailedClients { get; init; }

    /// <summary>Kerberos (GSSAPI) logins: krb5.conf and the principal-to-id mapping.</summary>
    public Sasl.Kerberos.KerberosSettings Kerberos { get; init; } = new();
}
