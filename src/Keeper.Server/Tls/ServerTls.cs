using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Keeper.Server.Logging;

namespace Keeper.Server.Tls;

/// <summary>
/// The client port's TLS material: the server certificate (with the chain it sends), the certificates a client's
/// chain must end in, and the options each handshake uses. <see cref="Reload"/> swaps in freshly read stores; a
/// handshake already under way keeps what it started with.
/// </summary>
internal sealed class ServerTls
{
    private static readonly Logger Log = Logging.Log.For<ServerTls>();

    private sealed record Material(SslStreamCertificateContext Certificate, X509Certificate2Collection? Trust, string Subject);

    private volatile Material _material;

    private ServerTls(TlsSettings settings, Material material)
    {
        Settings = settings;
        _material = material;
    }

    public TlsSettings Settings { get; }

    /// <summary>The server certificate's subject, as Java prints it (for logs and tests).</summary>
    public string Subject => _material.Subject;

    /// <summary>Reads the stores now; a store that cannot be used is a <see cref="TlsSetupException"/>.</summary>
    public static ServerTls Load(TlsSettings settings) => new(settings, Read(settings));

    /// <summary>Rereads both stores; on failure keeps the current ones and logs why.</summary>
    public bool Reload()
    {
        try
        {
            var material = Read(Settings);
            _material = material;
            Log.Info($"Reloaded the client port's key and trust stores; server certificate {material.Subject}");
            return true;
        }
        catch (TlsSetupException e)
        {
            Log.Error($"Keeping the previous TLS certificates: {e.Message}");
            return false;
        }
    }

    /// <summary>Why the last certificate check of one handshake failed (the exception SslStream throws does not say).</summary>
    public sealed class Verdict
    {
        public string? Rejection { get; set; }
    }

    public SslServerAuthenticationOptions Options(Verdict verdict)
    {
        var material = _material;
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = material.Certificate,
            ClientCertificateRequired = Settings.ClientAuth != ClientAuthMode.None,
            EnabledSslProtocols = TlsProtocols.Enabled(Settings),
            CipherSuitesPolicy = TlsCipherSuites.Policy(Settings),
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) => AcceptClient(material, certificate, chain, verdict),
        };
    }

    private bool AcceptClient(Material material, X509Certificate? certificate, X509Chain? sent, Verdict verdict)
    {
        if (certificate is null)
        {
            if (Settings.ClientAuth != ClientAuthMode.Need) return true;
            verdict.Rejection = "the client sent no certificate (ssl.clientAuth=need)";
            return false;
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        verdict.Rejection = ClientChain.Untrusted(leaf, sent, material.Trust, Settings.CheckRevocation);
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
