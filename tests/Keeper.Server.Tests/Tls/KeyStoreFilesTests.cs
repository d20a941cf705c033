using Keeper.Server.Tls;
using Keeper.TestSupport;

namespace Keeper.Server.Tests.Tls;

/// <summary>The stores, made once for the class (keytool and openssl take a while).</summary>
public sealed class TlsStoresFixture : IAsyncLifetime
{
    private TlsStores? _stores;

    public TlsStores Stores => _stores ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync() => _stores = await TlsStores.CreateAsync();

    public Task DisposeAsync()
    {
        _stores?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Key and trust stores made by keytool (JKS, PKCS12) and openssl (PEM) load, and a bad one says why.</summary>
public sealed class KeyStoreFilesTests(TlsStoresFixture fixture) : IClassFixture<TlsStoresFixture>
{
    private TlsStores Stores => fixture.Stores;

    [Fact]
    public void Every_format_gives_the_servers_certificate_with_its_key_and_the_CA_as_trust()
    {
        foreach (var format in TlsStores.Formats)
        {
            var password = format == "pem" ? null : TlsStores.Password;
            var (certificate, _) = KeyStoreFiles.LoadIdentity(new StoreFile(Stores.KeyStore("server", format), password, null));
            var trust = KeyStoreFiles.LoadTrust(new StoreFile(Stores.TrustStore(format), password, null));

            Assert.True(certificate.HasPrivateKey, format);
            Assert.Equal(TlsStores.ServerDn, JavaDistinguishedName.Of(certificate.SubjectName));
            Assert.Equal(["CN=Keeper Test CA,O=Keeper"], trust.Select(t => JavaDistinguishedName.Of(t.SubjectName)));
        }
    }

    [Fact]
    public async Task A_pem_key_store_with_an_encrypted_key_is_opened_with_the_password()
    {
        var (certificate, key) = Stores.PemParts("server");
        var encrypted = Path.Combine(Stores.Dir, "server-encrypted.pem");
        var result = await Tools.RunAsync(Tools.OpenSsl,
            ["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key, "-passout", "pass:" + TlsStores.Password, "-out", encrypted + ".key"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        File.WriteAllText(encrypted, File.ReadAllText(encrypted + ".key") + File.ReadAllText(certificate));

        var (loaded, _) = KeyStoreFiles.LoadIdentity(new StoreFile(encrypted, TlsStores.Password, null));
        var wrong = Assert.Throws<TlsSetupException>(() => KeyStoreFiles.LoadIdentity(new StoreFile(encrypted, "wrong", null)));

        Assert.True(loaded.HasPrivateKey);
        Assert.Contains(encrypted, wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_type_key_wins_over_the_extension()
    {
        var copy = Path.Combine(Stores.Dir, "server-store.bin");
        File.Copy(Stores.KeyStore("server", "jks"), copy, overwrite: true);

        var (certificate, _) = KeyStoreFiles.LoadIdentity(new StoreFile(copy, TlsStores.Password, KeyStoreFormats.Jks));

        Assert.Equal(TlsStores.ServerDn, JavaDistinguishedName.Of(certificate.SubjectName));
    }

    [Fact]
    public void An_unknown_extension_without_a_type_is_refused_as_apache_words_it()
    {
        var error = Assert.Throws<TlsSetupException>(() => KeyStoreFiles.LoadIdentity(new StoreFile("/k/server.store", "x", null)));

        Assert.StartsWith("Unable to auto-detect store file type from file name: /k/server.store", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p12")]
    [InlineData("jks")]
    public void A_wrong_password_names_the_file_and_says_password(string format)
    {
        var path = Stores.KeyStore("server", format);

        var error = Assert.Throws<TlsSetupException>(() => KeyStoreFiles.LoadIdentity(new StoreFile(path, "wrong", null)));

        Assert.StartsWith($"cannot load key store {path} ", error.Message, StringComparison.Ordinal);
        Assert.Contains("password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trust_store_is_no_key_store()
    {
        var path = Stores.TrustStore("p12");

        var error = Assert.Throws<TlsSetupException>(() => KeyStoreFiles.LoadIdentity(new StoreFile(path, TlsStores.Password, null)));

        Assert.Equal($"key store {path} holds no private key entry", error.Message);
    }
}
