using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Tls;

/// <summary>
/// TLS on the client port with Apache's own zkCli.sh (Netty client socket, client certificates), the same test on
/// Apache ZooKeeper 3.8 and on us, with key stores made by keytool (JKS, PKCS12) and openssl (PEM).
/// </summary>
public sealed class ClientTlsTests(TlsFixture fixture) : IClassFixture<TlsFixture>
{
    public static IEnumerable<object[]> KindsAndFormats =>
        from kind in ServerKinds.All from format in TlsStores.Formats select new object[] { kind, format };

    [Theory]
    [MemberData(nameof(KindsAndFormats))]
    public async Task ZkCli_over_TLS_creates_and_reads_a_node_and_is_the_x509_id_of_its_certificate(string kind, string format)
    {
        var tls = await fixture.ServerAsync(kind, format);
        var path = $"/tls-{format}";

        var create = await TlsClients.ZkCliAsync(tls.SecurePort, fixture.Stores, "client", format, "create", path, "over-tls");
        var get = await TlsClients.ZkCliAsync(tls.SecurePort, fixture.Stores, "client", format, "get", path);
        var whoami = await TlsClients.ZkCliAsync(tls.SecurePort, fixture.Stores, "client", format, "whoami");

        Assert.True(create.ExitCode == 0 && create.StdOut.Contains($"Created {path}", StringComparison.Ordinal), create.ToString());
        Assert.True(get.ExitCode == 0 && get.StdOut.Contains("over-tls\n", StringComparison.Ordinal), get.ToString());
        // X509AuthenticationProvider: the certificate's subject in RFC 2253 form, as Java prints it.
        Assert.True(whoami.StdOut.Contains($"x509: {TlsStores.ClientDn}\n", StringComparison.Ordinal), whoami.ToString());
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task ClientAuth_need_refuses_a_client_without_a_certificate_and_goes_on_serving(string kind)
    {
        var tls = await fixture.ServerAsync(kind, "p12");

        var anonymous = await TlsClients.ZkCliAsync(tls.SecurePort, fixture.Stores, identity: null, "p12", TlsClients.RefusedTimeoutMs, "ls", "/zookeeper");
        var withCertificate = await TlsClients.ZkCliAsync(tls.SecurePort, fixture.Stores, "client", "p12", "ls", "/zookeeper");
        var mntr = MonitorValues(await FourLetterWords.SendAsync(tls.Server.Port, "mntr", TimeSpan.FromSeconds(5)));

        Assert.True(anonymous.ExitCode != 0 && anonymous.StdOut.Contains("KeeperErrorCode = ConnectionLoss", StringComparison.Ordinal), anonymous.ToString());
        Assert.True(withCertificate.ExitCode == 0 && withCertificate.StdOut.Contains("[config, quota]", StringComparison.Ordinal), withCertificate.ToString());
        // Each refused handshake counts as an auth failure and an unsuccessful handshake; none is left outstanding.
        Assert.True(mntr["zk_auth_failed_count"] >= 1 && mntr["zk_unsuccessful_handshake"] >= 1 && mntr["zk_outstanding_tls_handshake"] == 0,
            string.Join('\n', mntr.Where(kv => kv.Key.Contains("handshake", StringComparison.Ordinal) || kv.Key.Contains("auth", StringComparison.Ordinal))));
    }

    private static Dictionary<string, long> MonitorValues(string mntr) =>
        mntr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Where(p => p.Length == 2 && long.TryParse(p[1], out _))
            .ToDictionary(p => p[0], p => long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_certificate_the_trust_store_does_not_vouch_for_is_refused(string kind)
    {
        var tls = await fixture.ServerAsync(kind, "p12");

        var rogue = await TlsClients.ZkCliAsync(tls.SecurePort, fixture.Stores, "rogue", "p12", TlsClients.RefusedTimeoutMs, "ls", "/zookeeper");
        var trusted = await TlsClients.ZkCliAsync(tls.SecurePort, fixture.Stores, "other", "p12", "ls", "/zookeeper");

        Assert.True(rogue.ExitCode != 0 && rogue.StdOut.Contains("KeeperErrorCode = ConnectionLoss", StringComparison.Ordinal), rogue.ToString());
        Assert.True(trusted.ExitCode == 0 && trusted.StdOut.Contains("[config, quota]", StringComparison.Ordinal), trusted.ToString());
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_plaintext_client_on_the_secure_port_is_refused_and_the_plain_port_still_serves(string kind)
    {
        var tls = await fixture.ServerAsync(kind, "p12");

        var plainOnSecure = await TlsClients.PlainZkCliAsync(tls.SecurePort, TlsClients.RefusedTimeoutMs, "ls", "/zookeeper");
        var plainOnPlain = await TlsClients.PlainZkCliAsync(tls.Server.Port, "ls", "/zookeeper");
        var ruok = await FourLetterWords.SendAsync(tls.Server.Port, "ruok", TimeSpan.FromSeconds(5));

        Assert.True(plainOnSecure.ExitCode != 0 && plainOnSecure.StdOut.Contains("ConnectionLoss", StringComparison.Ordinal), plainOnSecure.ToString());
        Assert.True(plainOnPlain.ExitCode == 0 && plainOnPlain.StdOut.Contains("[config, quota]", StringComparison.Ordinal), plainOnPlain.ToString());
        Assert.Equal("imok", ruok);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task An_x509_acl_lets_in_only_the_certificate_it_names(string kind)
    {
        var tls = await fixture.ServerAsync(kind, "jks");
        var stores = fixture.Stores;
        const string path = "/x509-acl";

        // auth::cdrwa expands to the caller's authenticated ids: here its x509 id (ip is not one).
        var create = await TlsClients.ZkCliAsync(tls.SecurePort, stores, "client", "jks", "create", path, "secret", "auth::cdrwa");
        var acl = await TlsClients.ZkCliAsync(tls.SecurePort, stores, "client", "jks", "getAcl", path);
        var owner = await TlsClients.ZkCliAsync(tls.SecurePort, stores, "client", "jks", "get", path);
        var other = await TlsClients.ZkCliAsync(tls.SecurePort, stores, "other", "jks", "get", path);
        var plain = await TlsClients.PlainZkCliAsync(tls.Server.Port, "get", path);

        Assert.True(create.ExitCode == 0, create.ToString());
        // zkCli prints the id URL-encoded (its commas as %2C), whichever server answers.
        Assert.True(acl.StdOut.Contains($"'x509,'{TlsStores.ClientDn.Replace(",", "%2C", StringComparison.Ordinal)}\n: cdrwa", StringComparison.Ordinal), acl.ToString());
        Assert.True(owner.ExitCode == 0 && owner.StdOut.Contains("secret\n", StringComparison.Ordinal), owner.ToString());
        Assert.True(other.ExitCode != 0 && other.StdOut.Contains($"Insufficient permission : {path}", StringComparison.Ordinal), other.ToString());
        Assert.True(plain.ExitCode != 0 && plain.StdOut.Contains($"Insufficient permission : {path}", StringComparison.Ordinal), plain.ToString());
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Kazoo_with_use_ssl_and_pem_files_creates_and_reads_a_node(string kind)
    {
        var tls = await fixture.ServerAsync(kind, "pem");

        var run = await TlsClients.KazooAsync(tls.SecurePort, fixture.Stores, "client", "/kazoo-tls");

        Assert.True(run.ExitCode == 0 && run.StdOut.Contains("data: over-tls\n", StringComparison.Ordinal), run.ToString());
    }
}
