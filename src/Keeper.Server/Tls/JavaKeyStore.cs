using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Keeper.Server.Tls;

/// <summary>
/// Java's proprietary JKS format, read with BouncyCastle's <see cref="JksStore"/> and turned into .NET certificates.
/// Key entries are decrypted with the store's password, as ZooKeeper's KeyManagerFactory does.
/// </summary>
internal static class JavaKeyStore
{
    /// <summary>Every certificate in the store, each key entry's first with its private key.</summary>
    public static X509Certificate2Collection Load(string path, string password)
    {
        var store = new JksStore();
        using (var file = File.OpenRead(path))
        {
            try
            {
                store.Load(file, password.ToCharArray());
            }
            catch (IOException e)
            {
                // BouncyCastle says "password incorrect or store tampered with" for both, as keytool does.
                throw new CryptographicException($"the JKS store cannot be read with the given password: {e.Message}", e);
            }
        }

        var result = new X509Certificate2Collection();
        foreach (var alias in store.Aliases)
        {
            if (store.IsKeyEntry(alias))
            {
                var chain = store.GetCertificateChain(alias) ?? [];
                if (chain.Length == 0) continue;
                var key = store.GetKey(alias, password.ToCharArray());
                var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded();
                var leafPem = PemEncoding.WriteString("CERTIFICATE", chain[0].GetEncoded());
                var keyPem = PemEncoding.WriteString("PRIVATE KEY", pkcs8);
                result.Add(X509Certificate2.CreateFromPem(leafPem, keyPem));
                foreach (var issuer in chain.Skip(1))
                    result.Add(X509CertificateLoader.LoadCertificate(issuer.GetEncoded()));
            }
            else if (store.IsCertificateEntry(alias))
            {
                result.Add(X509CertificateLoader.LoadCertificate(store.GetCertificate(alias).GetEncoded()));
            }
        }

        return result;
    }
}
