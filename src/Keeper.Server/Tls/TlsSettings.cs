namespace Keeper.Server.Tls;

/// <summary>Whether the client must, may or must not present a certificate (<c>ssl.clientAuth</c>).</summary>
public enum ClientAuthMode
{
    None,
    Want,
    Need,
}

/// <summary>One key or trust store as zoo.cfg names it: <c>ssl.keyStore.*</c> or <c>ssl.trustStore.*</c>.</summary>
public sealed record StoreFile(string Location, string? Password, string? Type);

/// <summary>
/// The client port's TLS settings, as ZooKeeper's <c>ClientX509Util</c> reads them (<c>zookeeper.ssl.*</c>, which
/// zoo.cfg may also spell without the prefix). Defaults are Apache 3.8's: <c>clientAuth</c> need, protocol TLSv1.2
/// (and only it enabled unless <c>ssl.enabledProtocols</c> says otherwise).
/// </summary>
public sealed record TlsSettings
{
    public const string DefaultProtocol = "TLSv1.2";

    /// <summary>The default the x509 scheme is looked up by (<c>ssl.authProvider</c>).</summary>
    public const string DefaultAuthProvider = "x509";

    public StoreFile? KeyStore { get; init; }

    public StoreFile? TrustStore { get; init; }

    public ClientAuthMode ClientAuth { get; init; } = ClientAuthMode.Need;

    /// <summary><c>ssl.protocol</c>: the protocol enabled when <see cref="EnabledProtocols"/> is not given.</summary>
    public string Protocol { get; init; } = DefaultProtocol;

    /// <summary><c>ssl.enabledProtocols</c>, comma-separated Java names (TLSv1.2, TLSv1.3); null = <see cref="Protocol"/>.</summary>
    public IReadOnlyList<string>? EnabledProtocols { get; init; }

    /// <summary><c>ssl.ciphersuites</c>, comma-separated IANA names as Java spells them; null = the system's defaults.</summary>
    public IReadOnlyList<string>? CipherSuites { get; init; }

    /// <summary>
    /// <c>ssl.hostnameVerification</c>: stored only. On the client port Apache never checks the client's host name
    /// (<c>ClientX509Util</c> does not verify client host names), so neither do we.
    /// </summary>
    public bool HostnameVerification { get; init; } = true;

    /// <summary><c>ssl.crl</c> / <c>ssl.ocsp</c>: check client certificates' revocation online.</summary>
    public bool CheckRevocation { get; init; }

    /// <summary><c>ssl.authProvider</c>: only x509 is built in.</summary>
    public string AuthProvider { get; init; } = DefaultAuthProvider;

    /// <summary><c>client.portUnification</c>: TLS and plaintext on the plaintext client port, told apart by the first byte.</summary>
    public bool PortUnification { get; init; }

    /// <summary>
    /// <c>client.certReload</c> (Apache 3.8.1+, ZOOKEEPER-3806): reload the key and trust stores when their files change.
    /// Off by default, as in Apache (3.8.0 has no client-port reload at all).
    /// </summary>
    public bool CertReload { get; init; }

    /// <summary><c>X509AuthenticationProvider.superUser</c>: the subject DN that is granted super.</summary>
    public string? SuperUser { get; init; }

    /// <summary>How long a TLS handshake may take before the connection is closed.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
