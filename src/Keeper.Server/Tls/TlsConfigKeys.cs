using Keeper.Server.Config;

namespace Keeper.Server.Tls;

/// <summary>
/// The zoo.cfg keys (and <c>-Dzookeeper.*</c> properties) of the client port's TLS: ZooKeeper's <c>zookeeper.ssl.*</c>
/// system properties, <c>client.portUnification</c>, <c>client.certReload</c> and the x509 super user. Called with the
/// key's name after the <c>zookeeper.</c> prefix is dropped.
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
        switch (name)
        {
            case "ssl.keyStore.location":
                tls = tls with { KeyStore = (tls.KeyStore ?? Empty) with { Location = v.NonEmpty() } };
                break;
            case "ssl.keyStore.password":
                tls = tls with { KeyStore = (tls.KeyStore ?? Empty) with { Password = v.Text } };
                break;
            case "ssl.keyStore.passwordPath":
                tls = tls with { KeyStore = (tls.KeyStore ?? Empty) with { Password = ReadSecret(v) } };
                break;
            case "ssl.keyStore.type":
                tls = tls with { KeyStore = (tls.KeyStore ?? Empty) with { Type = StoreType(v) } };
                break;
            case "ssl.trustStore.location":
                tls = tls with { TrustStore = (tls.TrustStore ?? Empty) with { Location = v.NonEmpty() } };
                break;
            case "ssl.trustStore.password":
                tls = tls with { TrustStore = (tls.TrustStore ?? Empty) with { Password = v.Text } };
                break;
            case "ssl.trustStore.passwordPath":
                tls = tls with { TrustStore = (tls.TrustStore ?? Empty) with { Password = ReadSecret(v) } };
                break;
            case "ssl.trustStore.type":
                tls = tls with { TrustStore = (tls.TrustStore ?? Empty) with { Type = StoreType(v) } };
                break;
            case "ssl.clientAuth":
                tls = tls with { ClientAuth = ClientAuth(v) };
                break;
            case "ssl.protocol":
                tls = tls with { Protocol = TlsProtocols.Check(v, v.NonEmpty()) };
                break;
            case "ssl.enabledProtocols":
                tls = tls with { EnabledProtocols = List(v).Select(p => TlsProtocols.Check(v, p)).ToList() };
                break;
            case "ssl.ciphersuites":
                tls = tls with { CipherSuites = List(v).Select(s => TlsCipherSuites.Check(v, s)).ToList() };
                break;
            case "ssl.hostnameVerification":
                tls = tls with { HostnameVerification = v.Bool() };
                break;
            case "ssl.crl":
            case "ssl.ocsp":
                tls = tls with { CheckRevocation = tls.CheckRevocation || v.Bool() };
                break;
            case "ssl.authProvider":
                tls = tls with { AuthProvider = AuthProvider(v) };
                break;
            case "ssl.context.supplier.class":
                throw v.Fail("a Java SSLContext supplier class cannot be loaded here; configure ssl.keyStore.* and ssl.trustStore.* instead");
            case "client.portUnification":
                tls = tls with { PortUnification = v.Bool() };
                break;
            case "client.certReload":
                tls = tls with { CertReload = v.Bool() };
                break;
            case "X509AuthenticationProvider.superUser":
                tls = tls with { SuperUser = v.NonEmpty() };
                break;
            case "sslQuorum":
                // Accepted so existing files start, but said out loud: quorum traffic stays plaintext.
                if (v.Bool())
                    state.Warn($"{state.FileName}:{v.Line}: sslQuorum=true: quorum TLS is not supported yet; election and Zab traffic is not encrypted");
                return true;
            default:
                // authProvider.N naming Apache's x509 provider: ours is always there, so the line changes nothing. Other
                // providers are left to the auth keys.
                if (name.StartsWith("authProvider.", StringComparison.Ordinal) && v.Text == X509ProviderClass)
                    return true;
                if (name.StartsWith("ssl.quorum.", StringComparison.Ordinal))
                {
                    state.Warn($"{state.FileName}:{v.Line}: {v.Key}: quorum TLS is not supported yet; ignored");
                    return true;
                }

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
        if (c.Tls.KeyStore is { Location.Length: 0 })
            throw state.Fail(null, "ssl.keyStore.password or .type is set but ssl.keyStore.location is not");
        if (c.Tls.TrustStore is { Location.Length: 0 })
            throw state.Fail(null, "ssl.trustStore.password or .type is set but ssl.trustStore.location is not");
        bool servesTls = c.SecureClientPort is not null || c.Tls.PortUnification;
        if (servesTls && c.Tls.KeyStore is null)
            throw state.Fail(null, "a TLS client port (secureClientPort or client.portUnification) needs ssl.keyStore.location");
    }

    private const string X509ProviderClass = "org.apache.zookeeper.server.auth.X509AuthenticationProvider";

    private static readonly StoreFile Empty = new("", null, null);

    private static string StoreType(ConfigValue v) =>
        KeyStoreFormats.FromTypeName(v.Text) is { } type
            ? type
            : throw v.Fail($"'{v.Text}' is not a key store type (JKS, PEM or PKCS12)");

    private static ClientAuthMode ClientAuth(ConfigValue v) =>
        v.Text.ToUpperInvariant() switch
        {
            "" or "NEED" => ClientAuthMode.Need,
            "WANT" => ClientAuthMode.Want,
            "NONE" => ClientAuthMode.None,
            _ => throw v.Fail($"'{v.Text}' is not a client auth mode (none, want or need)"),
        };

    // QuorumPeerConfig.configureSSLAuth: the scheme must have a provider; x509 is the one ZooKeeper (and we) ship.
    private static string AuthProvider(ConfigValue v) =>
        v.Text == TlsSettings.DefaultAuthProvider
            ? v.Text
            : throw v.Fail($"No auth provider configured for the SSL authentication scheme '{v.Text}' (only x509 is built in)");

    private static List<string> List(ConfigValue v) =>
        v.Text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() is { Count: > 0 } list
            ? list
            : throw v.Fail("value is empty");

    // SecretUtils.readSecret: the whole file, less one trailing line separator.
    private static string ReadSecret(ConfigValue v)
    {
        try
        {
            var text = File.ReadAllText(v.NonEmpty());
            return text.EndsWith('\n') ? text[..^1] : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw v.Fail($"cannot read the password file: {e.Message}");
        }
    }
}
