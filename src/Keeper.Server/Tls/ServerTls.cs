using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Keeper.Server.Logging;

namespace Keeper.Server.Tls;

/// <summary>
/// One port's TLS material (the client port's, or the quorum's): our certificate (with the chain it sends), the
/// certificates a peer's chain must end in, and the options each handshake uses, as the accepting side and, for the
/// quorum, the dialling side. <see cref="Reload"/> swaps in freshly read stores; a handshake already under way keeps
/// what it started with.
/// </summary>
internal sealed class ServerTls
{
    private static readonly Logger Log = Logging.Log.For<ServerTls>();

    private sealed record Material(SslStreamCertificateContext Certificate, X509Certificate2Collection? Trust, string Subject);

    private volatile Material _material;

    private readonly string _purpose;

    /// <summary>What the stores are for ("client port", "quorum"), for log lines.</summary>
    public string Purpose => _purpose;

    private ServerTls(TlsSettings settings, Material material, string purpose)
    {
        Settings = settings;
        _material = material;
        _purpose = purpose;
    }

    public TlsSettings Settings { get; }

    /// <summary>The server certificate's subject, as Java prints it (for logs and tests).</summary>
    public string Subject => _material.Subject;

    /// <summary>Reads the stores now; a store that cannot be used is a <see cref="TlsSetupException"/>.</summary>
    /// <param name="purpose">What the stores are for, in log lines ("client port", "quorum").</param>
    public static ServerTls Load(TlsSettings settings, string purpose = "client port") => new(settings, Read(settings), purpose);

    /// <summary>Rereads both stores; on failure keeps the current ones and logs why.</summary>
    public bool Reload()
    {
        try
        {
            var material = Read(Settings);
            _material = material;
            Log.Info($"Reloaded the {_purpose}'s key and trust stores; certificate {material.Subject}");
            return true;
        }
        catch (TlsSetupException e)
        {
            Log.Error($"Keeping the previous TLS certificates ({_purpose}): {e.Message}");
            return false;
        }
    }

    /// <summary>Why the last certificate check of one handshake failed (the exception SslStream throws does not say).</summary>
    public sealed class Verdict
    {
        public string? Rejection { get; set; }
    }

    /// <param name="peerCheck">A further check of the client's certificate (the quorum's host name); null = none.</param>
    public SslServerAuthenticationOptions Options(Verdict verdict, Func<X509Certificate2, string?>? peerCheck = null)
    {
        var material = _material;
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = material.Certificate,
            ClientCertificateRequired = Settings.ClientAuth != ClientAuthMode.None,
            EnabledSslProtocols = TlsProtocols.Enabled(Settings),
            CipherSuitesPolicy = TlsCipherSuites.Policy(Settings),
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) => AcceptClient(material, certificate, chain, verdict, peerCheck),
        };
    }

    /// <summary>
    /// The dialling side's options (the quorum's): our certificate as the client certificate, and the server's chain
    /// checked against the trust store, then by <paramref name="peerCheck"/>. SslStream's own name check is replaced
    /// by that one, as Java's trust manager does it.
    /// </summary>
    public SslClientAuthenticationOptions ClientOptions(string targetHost, Verdict verdict, Func<X509Certificate2, string?>? peerCheck)
    {
        var material = _material;
        return new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            ClientCertificateContext = material.Certificate,
            EnabledSslProtocols = TlsProtocols.Enabled(Settings),
            CipherSuitesPolicy = TlsCipherSuites.Policy(Settings),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                if (certificate is null)
                {
                    verdict.Rejection = "the server sent no certificate";
                    return false;
                }

                var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                verdict.Rejection = ClientChain.Untrusted(leaf, chain, material.Trust, Settings.CheckRevocation, ofServer: true)
                    ?? peerCheck?.Invoke(leaf);
                return verdict.Rejection is null;
            },
        };
    }

    private bool AcceptClient(Material material, X509Certificate? certificate, X509Chain? sent, Verdict verdict,
        Func<X509Certificate2, string?>? peerCheck)
    {
        if (certificate is null)
        {
            if (Settings.ClientAuth != ClientAuthMode.Need) return true;
            verdict.Rejection = "the client sent no certificate (ssl.clientAuth=need)";
            return false;
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        verdict.Rejection = ClientChain.Untrusted(leaf, sent, material.Trust, Settings.CheckRevocation) ?? peerCheck?.Invoke(leaf);
        return verdict.Rejection is null;
    }

    private static Material Read(TlsSettings settings)
    {
        var key = settings.KeyStore ?? throw new TlsSetupException("ssl.keyStore.location is not set");
        var (certificate, others) = KeyStoreFiles.LoadIdentity(key);
        var trust = settings.TrustStore is { } t ? KeyStoreFiles.LoadTrust(t) : null;
        // Send the chain up to (not including) a root the client is expected to have, as Java's key manager does.
        var context = SslStreamCertificateContext.Create(certificate, others, offline: true);
        return new Material(context, trust, JavaDistinguishedName.Of(certificate.SubjectName));
    }
}
