using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Keeper.Server.Tls;

/// <summary>
/// Reads ZooKeeper's key and trust stores in the three formats it accepts (X509Util.loadKeyStore / loadTrustStore):
/// PKCS12 and PEM with .NET's own loaders, JKS through BouncyCastle. Every failure is a <see cref="TlsSetupException"/>
/// naming the file.
/// </summary>
internal static class KeyStoreFiles
{
    /// <summary>The server's certificate with its private key, and the rest of the store (its chain, maybe more).</summary>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Others) LoadIdentity(StoreFile store)
    {
        var all = Load(store, "key store");
        X509Certificate2? leaf = null;
        var others = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (leaf is null && certificate.HasPrivateKey) leaf = certificate;
            else others.Add(certificate);
        }

        return leaf is null
            ? throw new TlsSetupException($"key store {store.Location} holds no private key entry")
            : (leaf, others);
    }

    /// <summary>The certificates a client's chain may end in.</summary>
    public static X509Certificate2Collection LoadTrust(StoreFile store)
    {
        var all = Load(store, "trust store");
        return all.Count > 0 ? all : throw new TlsSetupException($"trust store {store.Location} holds no certificate");
    }

    private static X509Certificate2Collection Load(StoreFile store, string what)
    {
        var format = KeyStoreFormats.Of(store);
        try
        {
            return format switch
            {
                KeyStoreFormats.Jks => JavaKeyStore.Load(store.Location, store.Password ?? ""),
                KeyStoreFormats.Pkcs12 => X509CertificateLoader.LoadPkcs12CollectionFromFile(
                    store.Location, store.Password, X509KeyStorageFlags.EphemeralKeySet),
                _ => LoadPem(store),
            };
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException
                                      or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            throw new TlsSetupException($"cannot load {what} {store.Location} ({format}): {e.Message}", e);
        }
    }

    // A PEM store is certificates plus, for a key store, one private key (encrypted with the password if one is given).
    private static X509Certificate2Collection LoadPem(StoreFile store)
    {
        var text = File.ReadAllText(store.Location);
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(text);
        if (!text.Contains("PRIVATE KEY-----", StringComparison.Ordinal)) return certificates;
        // The password decrypts an ENCRYPTED PRIVATE KEY; a plain key is taken as it is, whether a password is set or not.
        var leaf = text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromEncryptedPem(text, text, store.Password ?? "")
            : X509Certificate2.CreateFromPem(text, text);
        var result = new X509Certificate2Collection { leaf };
        foreach (var certificate in certificates)
            if (certificate.Thumbprint != leaf.Thumbprint) result.Add(certificate);
        return result;
    }
}
