using Keeper.Server.Config;

namespace Keeper.Server.Tls;

/// <summary>
/// The TLS keys the client port (<c>ssl.*</c>) and the quorum (<c>ssl.quorum.*</c>) share, as ZooKeeper's X509Util reads
/// them under either prefix: key and trust stores, client auth, protocols, cipher suites, host name verification and
/// revocation checks. Called with the name after the prefix.
/// </summary>
internal static class TlsStoreKeys
{
    /// <summary>The settings with the key applied, or null when it is not one of these keys.</summary>
    /// <param name="prefix"><c>ssl.</c> or <c>ssl.quorum.</c>, for messages.</param>
    public static TlsSettings? Apply(TlsSettings tls, ConfigValue v, string name, string prefix) => name switch
    {
        "keyStore.location" => tls with { KeyStore = (tls.KeyStore ?? Empty) with { Location = v.NonEmpty() } },
        "keyStore.password" => tls with { KeyStore = (tls.KeyStore ?? Empty) with { Password = v.Text } },
        "keyStore.passwordPath" => tls with { KeyStore = (tls.KeyStore ?? Empty) with { Password = ReadSecret(v) } },
        "keyStore.type" => tls with { KeyStore = (tls.KeyStore ?? Empty) with { Type = StoreType(v) } },
        "trustStore.location" => tls with { TrustStore = (tls.TrustStore ?? Empty) with { Location = v.NonEmpty() } },
        "trustStore.password" => tls with { TrustStore = (tls.TrustStore ?? Empty) with { Password = v.Text } },
        "trustStore.passwordPath" => tls with { TrustStore = (tls.TrustStore ?? Empty) with { Password = ReadSecret(v) } },
        "trustStore.type" => tls with { TrustStore = (tls.TrustStore ?? Empty) with { Type = StoreType(v) } },
        "clientAuth" => tls with { ClientAuth = ClientAuth(v) },
        "protocol" => tls with { Protocol = TlsProtocols.Check(v, v.NonEmpty()) },
        "enabledProtocols" => tls with { EnabledProtocols = List(v).Select(p => TlsProtocols.Check(v, p)).ToList() },
        "ciphersuites" => tls with { CipherSuites = List(v).Select(s => TlsCipherSuites.Check(v, s)).ToList() },
        "hostnameVerification" => tls with { HostnameVerification = v.Bool() },
        "crl" or "ocsp" => tls with { CheckRevocation = tls.CheckRevocation || v.Bool() },
        "context.supplier.class" =>
            throw v.Fail($"a Java SSLContext supplier class cannot be loaded here; configure {prefix}keyStore.* and {prefix}trustStore.* instead"),
        _ => null,
    };

    /// <summary>A store given a password or type but no location: <paramref name="prefix"/> is <c>ssl.</c> or <c>ssl.quorum.</c>.</summary>
    public static void ValidateStores(ParseState state, TlsSettings tls, string prefix)
    {
        if (tls.KeyStore is { Location.Length: 0 })
            throw state.Fail(null, $"{prefix}keyStore.password or .type is set but {prefix}keyStore.location is not");
        if (tls.TrustStore is { Location.Length: 0 })
            throw state.Fail(null, $"{prefix}trustStore.password or .type is set but {prefix}trustStore.location is not");
    }

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
