using Keeper.Server.Config;

namespace Keeper.Server.Tls;

/// <summary>
/// The zoo.cfg keys (and <c>-Dzookeeper.*</c> properties) of the client port's TLS: ZooKeeper's <c>zookeeper.ssl.*</c>
/// system properties, <c>client.portUnification</c>, <c>client.certReload</c> and the x509 super user; the quorum's are
/// <see cref="QuorumTlsKeys"/>. Called with the key's name after the <c>zookeeper.</c> prefix is dropped.
/// </summary>
internal static class TlsConfigKeys
{
    // Accepted because Apache reads them, with no effect here (the reason is in the README's TLS section).
    private static readonly HashSet<string> AcceptedAndIgnored = new(StringComparer.Ordinal)
    {
        "ssl.handshakeDetectionTimeoutMillis", "netty.server.outstandingHandshake.limit",
        "netty.server.earlyDropSecureConnectionHandshakes", "netty.advancedFlowControl.enabled",
    };

    /// <summary>Applies the key if it is one of ours; false lets the caller treat it as another key.</summary>
    public static bool TryApply(ParseState state, ConfigValue v, string name)
    {
        var c = state.Config;
        var tls = c.Tls;
        if (QuorumTlsKeys.TryApply(state, v, name)) return true;
        if (name.StartsWith(Prefix, StringComparison.Ordinal) && TlsStoreKeys.Apply(tls, v, name[Prefix.Length..], Prefix) is { } shared)
        {
            state.Config = c with { Tls = shared };
            return true;
        }

        switch (name)
        {
            case "ssl.authProvider":
                tls = tls with { AuthProvider = AuthProvider(v) };
                break;
            case "client.portUnification":
                tls = tls with { PortUnification = v.Bool() };
                break;
            case "client.certReload":
                tls = tls with { CertReload = v.Bool() };
                break;
            case "X509AuthenticationProvider.superUser":
                tls = tls with { SuperUser = v.NonEmpty() };
                break;
            default:
                // authProvider.N naming Apache's x509 provider: ours is always there, so the line changes nothing. Other
                // providers are left to the auth keys.
                if (name.StartsWith("authProvider.", StringComparison.Ordinal) && v.Text == X509ProviderClass)
                    return true;
                return AcceptedAndIgnored.Contains(name);
        }

        state.Config = c with { Tls = tls };
        return true;
    }

    /// <summary>The checks that need every key: ZooKeeper's setupClientPort for the secure port.</summary>
    public static void Validate(ParseState state, ServerConfig c)
    {
        if (c.SecureClientPort is null && c.SecureClientPortAddress is not null)
            throw state.Fail(null, "secureClientPortAddress is set but secureClientPort is not set");
        TlsStoreKeys.ValidateStores(state, c.Tls, Prefix);
        bool servesTls = c.SecureClientPort is not null || c.Tls.PortUnification;
        if (servesTls && c.Tls.KeyStore is null)
            throw state.Fail(null, "a TLS client port (secureClientPort or client.portUnification) needs ssl.keyStore.location");
        QuorumTlsKeys.Validate(state, c);
    }

    private const string Prefix = "ssl.";

    private const string X509ProviderClass = "org.apache.zookeeper.server.auth.X509AuthenticationProvider";

    // QuorumPeerConfig.configureSSLAuth: the scheme must have a provider; x509 is the one ZooKeeper (and we) ship.
    private static string AuthProvider(ConfigValue v) =>
        v.Text == TlsSettings.DefaultAuthProvider
            ? v.Text
            : throw v.Fail($"No auth provider configured for the SSL authentication scheme '{v.Text}' (only x509 is built in)");
}
