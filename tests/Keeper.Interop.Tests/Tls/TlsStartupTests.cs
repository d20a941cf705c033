using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Tls;

/// <summary>Port unification, a key store that cannot be opened, and certificates replaced while the server runs.</summary>
public sealed class TlsStartupTests(TlsFixture fixture) : IClassFixture<TlsFixture>
{
    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Port_unification_serves_TLS_and_plaintext_clients_on_the_client_port(string kind)
    {
        var stores = fixture.Stores;
        var config = TlsFixture.SecureConfig(stores, "p12", securePort: 0);
        config.Remove("secureClientPort");
        config.Remove("secureClientPortAddress");
        config["client.portUnification"] = "true";
        // Apache 3.8.0 registers the x509 provider only for secureClientPort (QuorumPeerConfig.configureSSLAuth runs too
        // late for a unified port): without this line it closes every TLS client with "X509 Auth provider not found".
        config["authProvider.x509"] = "org.apache.zookeeper.server.auth.X509AuthenticationProvider";
        await using var server = await ServerKinds.StartAsync(kind, config);

        var overTls = await TlsClients.ZkCliAsync(server.Port, stores, "client", "p12", "whoami");
        var plain = await TlsClients.PlainZkCliAsync(server.Port, "whoami");
        var ruok = await FourLetterWords.SendAsync(server.Port, "ruok", TimeSpan.FromSeconds(5));

        Assert.True(overTls.ExitCode == 0 && overTls.StdOut.Contains($"x509: {TlsStores.ClientDn}\n", StringComparison.Ordinal), overTls.ToString());
        Assert.True(plain.ExitCode == 0 && plain.StdOut.Contains("ip: 127.0.0.1\n", StringComparison.Ordinal)
            && !plain.StdOut.Contains("x509:", StringComparison.Ordinal), plain.ToString());
        Assert.Equal("imok", ruok);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task ClientAuth_want_lets_in_clients_without_a_certificate_and_identifies_those_with_one(string kind)
    {
        var stores = fixture.Stores;
        int securePort = FreePort.Next();
        var config = TlsFixture.SecureConfig(stores, "p12", securePort);
        config["ssl.clientAuth"] = "want";
        await using var server = await ServerKinds.StartAsync(kind, config);

        var anonymous = await TlsClients.ZkCliAsync(securePort, stores, identity: null, "p12", "whoami");
        var identified = await TlsClients.ZkCliAsync(securePort, stores, "client", "p12", "whoami");

        Assert.True(anonymous.ExitCode == 0 && anonymous.StdOut.Contains("ip: 127.0.0.1\n", StringComparison.Ordinal)
            && !anonymous.StdOut.Contains("x509:", StringComparison.Ordinal), anonymous.ToString());
        Assert.True(identified.ExitCode == 0 && identified.StdOut.Contains($"x509: {TlsStores.ClientDn}\n", StringComparison.Ordinal), identified.ToString());
    }

    [Theory]
    [InlineData("p12")]
    [InlineData("jks")]
    public async Task A_wrong_key_store_password_stops_our_server_at_startup_with_the_file_and_the_reason(string format)
    {
        var stores = fixture.Stores;
        var config = TlsFixture.SecureConfig(stores, format, FreePort.Next());
        config["ssl.keyStore.password"] = "not-the-password";
        var dir = Directory.CreateTempSubdirectory("keeper-tls-start-").FullName;
        try
        {
            var cfg = Path.Combine(dir, "zoo.cfg");
            File.WriteAllText(cfg, ZooCfg.Render(FreePort.Next(), Path.Combine(dir, "data"), config));
            await using var child = ChildProcess.Start("dotnet", [KeeperServer.LocateDll(), "server", cfg]);

            Assert.True(await child.WaitForExitAsync(TimeSpan.FromSeconds(30)), "still running:\n" + child.Output);
            Assert.Equal(1, child.ExitCode);
            var error = child.Output.Split('\n').Single(l => l.Contains("ERROR", StringComparison.Ordinal));
            Assert.Contains($"Cannot set up TLS on the client port: cannot load key store {stores.KeyStore("server", format)}", error, StringComparison.Ordinal);
            Assert.Contains("password", error, StringComparison.Ordinal);
            // Nothing was written: the stores are read before the data dir is touched.
            Assert.False(Directory.Exists(Path.Combine(dir, "data", "version-2")), child.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Apache reads the key store only when the first TLS client arrives (NettyServerCnxnFactory.initSSL), so it starts
    /// and serves plaintext, and every TLS handshake fails. We stop at startup instead (the test above).
    /// </summary>
    [Fact]
    public async Task Apache_with_a_wrong_key_store_password_starts_and_fails_every_TLS_client()
    {
        var stores = fixture.Stores;
        int securePort = FreePort.Next();
        var config = TlsFixture.SecureConfig(stores, "p12", securePort);
        config["ssl.keyStore.password"] = "not-the-password";
        await using var server = await ApacheZooKeeper.StartAsync(config);

        var overTls = await TlsClients.ZkCliAsync(securePort, stores, "client", "p12", TlsClients.RefusedTimeoutMs, "ls", "/zookeeper");
        var plain = await TlsClients.PlainZkCliAsync(server.Port, "ls", "/zookeeper");

        Assert.True(overTls.ExitCode != 0 && overTls.StdOut.Contains("ConnectionLoss", StringComparison.Ordinal), overTls.ToString());
        Assert.True(plain.ExitCode == 0 && plain.StdOut.Contains("[config, quota]", StringComparison.Ordinal), plain.ToString());
        var log = File.ReadAllText(server.LogFile!);
        Assert.Contains("keystore password was incorrect", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replaced_key_store_is_served_to_new_clients_with_client_certReload()
    {
        var stores = fixture.Stores;
        var live = Path.Combine(stores.Dir, "live-server.p12");
        File.Copy(stores.KeyStore("server", "p12"), live, overwrite: true);
        int securePort = FreePort.Next();
        var config = TlsFixture.SecureConfig(stores, "p12", securePort);
        config["ssl.keyStore.location"] = live;
        config["client.certReload"] = "true";
        await using var server = await KeeperServer.StartAsync(config);
        Assert.Equal("CN=server", await ServerCertificateCnAsync(securePort));

        // Replaced the way certificate managers do it: written aside, then renamed over the old file.
        var next = live + ".next";
        File.Copy(stores.KeyStore("renewed", "p12"), next, overwrite: true);
        File.Move(next, live, overwrite: true);
        Assert.True(await EventuallyAsync(async () => await ServerCertificateCnAsync(securePort) == "CN=server renewed"),
            "the renewed certificate was not served within 20 s\n" + server.Diagnostics());
        var afterReload = await TlsClients.ZkCliAsync(securePort, stores, "client", "p12", "ls", "/zookeeper");
        Assert.True(afterReload.ExitCode == 0 && afterReload.StdOut.Contains("[config, quota]", StringComparison.Ordinal), afterReload.ToString());

        // A file that cannot be read is reported and the certificate in use is kept.
        File.WriteAllText(live, "not a key store");
        Assert.True(await EventuallyAsync(() => Task.FromResult(server.Output.Contains("Keeping the previous TLS certificates", StringComparison.Ordinal))),
            server.Diagnostics());
        Assert.Equal("CN=server renewed", await ServerCertificateCnAsync(securePort));
    }

    /// <summary>Connects with .NET's own TLS client (the client certificate from the stores) and reads the server's CN.</summary>
    private async Task<string> ServerCertificateCnAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(10));
        await using var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        using var clientCertificate = X509CertificateLoader.LoadPkcs12FromFile(fixture.Stores.KeyStore("client", "p12"), TlsStores.Password);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = [clientCertificate],
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12,
        }, timeout.Token);
        return ssl.RemoteCertificate!.Subject.Split(", ").Single(part => part.StartsWith("CN=", StringComparison.Ordinal));
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
