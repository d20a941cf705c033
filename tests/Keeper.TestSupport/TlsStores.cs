namespace Keeper.TestSupport;

/// <summary>
/// Key and trust stores for TLS tests, made in a private directory the way operators make them: a CA and one key
/// store per identity with the JDK's <c>keytool</c> (PKCS12, then JKS by <c>keytool -importkeystore</c>), and the
/// PEM forms with <c>openssl</c> (private key and certificate in one file, as ZooKeeper's PEM key store takes them).
/// Every store uses <see cref="Password"/>. Identities: <c>server</c> (CN=server, SAN 127.0.0.1/localhost),
/// <c>client</c> and <c>other</c> (signed by the CA), <c>rogue</c> (self-signed, not trusted), <c>renewed</c> (a second
/// server certificate from the same CA, for reload tests).
/// </summary>
public sealed class TlsStores : IDisposable
{
    public const string Password = "keeper-pass";

    public const string ServerDn = "CN=server,OU=Test,O=Keeper,C=US";
    public const string ClientDn = "CN=client,OU=Test,O=Keeper,C=US";
    public const string OtherDn = "CN=other,OU=Test,O=Keeper,C=US";
    public const string RenewedDn = "CN=server renewed,OU=Test,O=Keeper,C=US";

    /// <summary>The formats and the file extensions ZooKeeper infers them from.</summary>
    public static readonly string[] Formats = ["jks", "p12", "pem"];

    private TlsStores(string dir)
    {
        Dir = dir;
    }

    public string Dir { get; }

    /// <summary>An identity's key store (certificate, its private key and the CA) in a format: jks, p12 or pem.</summary>
    public string KeyStore(string identity, string format) => Path.Combine(Dir, $"{identity}.{format}");

    /// <summary>A trust store holding only the CA's certificate.</summary>
    public string TrustStore(string format) => Path.Combine(Dir, $"trust.{format}");

    /// <summary>The CA certificate alone (PEM).</summary>
    public string CaPem => Path.Combine(Dir, "ca.crt");

    /// <summary>An identity's certificate alone and its private key alone (PEM), for clients such as kazoo.</summary>
    public (string Certificate, string Key) PemParts(string identity) =>
        (Path.Combine(Dir, $"{identity}.crt"), Path.Combine(Dir, $"{identity}.key"));

    public static async Task<TlsStores> CreateAsync()
    {
        var keytool = Tools.Require(Tools.Keytool, "keytool (from the JDK)");
        var openssl = Tools.Require(Tools.OpenSsl, "openssl");
        var stores = new TlsStores(Directory.CreateTempSubdirectory("keeper-tls-").FullName);
        try
        {
            await stores.MakeAsync(keytool, openssl);
            return stores;
        }
        catch
        {
            stores.Dispose();
            throw;
        }
    }

    private async Task MakeAsync(string keytool, string openssl)
    {
        var ca = Path.Combine(Dir, "ca-key.p12");
        await RunAsync(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Keeper Test CA,O=Keeper",
            "-ext", "bc:c", "-validity", "30", "-keystore", ca, "-storetype", "PKCS12", "-storepass", Password);
        await RunAsync(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", Password, "-file", CaPem);
        foreach (var format in new[] { "p12", "jks" })
        {
            await RunAsync(keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", CaPem, "-keystore", TrustStore(format),
                "-storetype", format == "jks" ? "JKS" : "PKCS12", "-storepass", Password);
        }

        File.Copy(CaPem, TrustStore("pem"));
        await IdentityAsync(keytool, openssl, ca, "server", ServerDn, "san=ip:127.0.0.1,dns:localhost");
        await IdentityAsync(keytool, openssl, ca, "client", ClientDn, null);
        await IdentityAsync(keytool, openssl, ca, "other", OtherDn, null);
        await IdentityAsync(keytool, openssl, ca, "renewed", RenewedDn, "san=ip:127.0.0.1,dns:localhost");
        await IdentityAsync(keytool, openssl, null, "rogue", "CN=rogue,O=Elsewhere", null);
    }

    /// <summary>
    /// Makes one more identity after the standard ones, in every format: signed by the CA unless <paramref name="signed"/>
    /// is false; <paramref name="san"/> is keytool's <c>-ext</c> value (e.g. <c>san=ip:127.0.0.2,dns:localhost</c>).
    /// </summary>
    public Task AddIdentityAsync(string name, string dn, string? san, bool signed = true) =>
        IdentityAsync(Tools.Require(Tools.Keytool, "keytool (from the JDK)"), Tools.Require(Tools.OpenSsl, "openssl"),
            signed ? Path.Combine(Dir, "ca-key.p12") : null, name, dn, san);

    // keytool: key pair, then (unless self-signed) a CSR signed by the CA and the reply installed; openssl: the PEM forms.
    private async Task IdentityAsync(string keytool, string openssl, string? ca, string name, string dn, string? san)
    {
        var p12 = KeyStore(name, "p12");
        await RunAsync(keytool, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", dn, "-validity", "30",
            "-keystore", p12, "-storetype", "PKCS12", "-storepass", Password);
        if (ca is not null)
        {
            var csr = Path.Combine(Dir, $"{name}.csr");
            var signed = Path.Combine(Dir, $"{name}.signed");
            await RunAsync(keytool, "-certreq", "-alias", name, "-keystore", p12, "-storepass", Password, "-file", csr);
            var gencert = new List<string> { "-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", Password, "-infile", csr, "-outfile", signed, "-validity", "30" };
            if (san is not null)
            {
                gencert.AddRange(["-ext", san]);
            }

            await RunAsync(keytool, [.. gencert]);
            await RunAsync(keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", CaPem, "-keystore", p12, "-storepass", Password);
            await RunAsync(keytool, "-importcert", "-alias", name, "-file", signed, "-keystore", p12, "-storepass", Password);
        }

        await RunAsync(keytool, "-importkeystore", "-srckeystore", p12, "-srcstoretype", "PKCS12", "-srcstorepass", Password,
            "-destkeystore", KeyStore(name, "jks"), "-deststoretype", "JKS", "-deststorepass", Password, "-noprompt");
        var (certificate, key) = PemParts(name);
        await RunAsync(openssl, "pkcs12", "-in", p12, "-passin", "pass:" + Password, "-nocerts", "-nodes", "-out", key + ".bags");
        await RunAsync(openssl, "pkey", "-in", key + ".bags", "-out", key);
        await RunAsync(openssl, "pkcs12", "-in", p12, "-passin", "pass:" + Password, "-clcerts", "-nokeys", "-out", certificate + ".bags");
        await RunAsync(openssl, "x509", "-in", certificate + ".bags", "-out", certificate);
        File.WriteAllText(KeyStore(name, "pem"), File.ReadAllText(key) + File.ReadAllText(certificate));
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var result = await Tools.RunAsync(file, args, timeout: TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("making a test key store failed:\n" + result);
        }
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("KEEPER_TEST_KEEP_DIRS") != "1")
        {
            try
            {
                Directory.Delete(Dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
