using Keeper.Server.Config;
using Keeper.Server.Tests.Config;
using Keeper.Server.Tls;

namespace Keeper.Server.Tests.Tls;

/// <summary>The client port's TLS keys in zoo.cfg (and as zookeeper.* properties): Apache 3.8's defaults and checks.</summary>
public class TlsConfigTests
{
    private const string Minimal = "dataDir=/data\nclientPort=2181\n";
    private const string Secure = Minimal + "secureClientPort=2281\nssl.keyStore.location=/etc/zk/server.p12\n";

    [Fact]
    public void Defaults_are_apaches_client_auth_need_and_TLSv1_2()
    {
        var tls = ZooCfg.Parse(Minimal).Tls;

        Assert.Equal((ClientAuthMode.Need, "TLSv1.2", false, false, true), (tls.ClientAuth, tls.Protocol, tls.PortUnification, tls.CertReload, tls.HostnameVerification));
        Assert.Null(tls.KeyStore);
        Assert.Null(tls.EnabledProtocols);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12, TlsProtocols.Enabled(tls));
    }

    [Fact]
    public void Every_client_port_key_is_read_with_or_without_the_zookeeper_prefix()
    {
        var c = ZooCfg.Parse(Minimal + """
            secureClientPort=2281
            secureClientPortAddress=127.0.0.1
            serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory
            zookeeper.ssl.keyStore.location=/k/server.jks
            ssl.keyStore.password=kp
            ssl.keyStore.type=jks
            ssl.trustStore.location=/k/trust.pem
            zookeeper.ssl.trustStore.password=tp
            ssl.trustStore.type=PEM
            ssl.clientAuth=want
            ssl.protocol=TLSv1.3
            ssl.enabledProtocols=TLSv1.3,TLSv1.2
            ssl.ciphersuites=TLS_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
            ssl.hostnameVerification=false
            ssl.authProvider=x509
            client.portUnification=true
            zookeeper.client.certReload=true
            X509AuthenticationProvider.superUser=CN=admin,O=Keeper
            authProvider.x509=org.apache.zookeeper.server.auth.X509AuthenticationProvider
            """, null, out var warnings);
        var tls = c.Tls;

        Assert.Equal((2281, "127.0.0.1"), (c.SecureClientPort, c.SecureClientPortAddress));
        Assert.Equal(new StoreFile("/k/server.jks", "kp", "JKS"), tls.KeyStore);
        Assert.Equal(new StoreFile("/k/trust.pem", "tp", "PEM"), tls.TrustStore);
        Assert.Equal((ClientAuthMode.Want, "TLSv1.3", false, true, true), (tls.ClientAuth, tls.Protocol, tls.HostnameVerification, tls.PortUnification, tls.CertReload));
        Assert.Equal(["TLSv1.3", "TLSv1.2"], tls.EnabledProtocols);
        Assert.Equal(["TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"], tls.CipherSuites);
        Assert.Equal("CN=admin,O=Keeper", tls.SuperUser);
        Assert.Empty(c.UnknownKeys);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_password_file_is_read_less_its_trailing_newline()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "s3cret\n");
            var tls = ZooCfg.Parse(Secure + $"ssl.keyStore.passwordPath={file}\n").Tls;

            Assert.Equal("s3cret", tls.KeyStore!.Password);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("ssl.clientAuth=sometimes", "ssl.clientAuth: 'sometimes' is not a client auth mode (none, want or need)")]
    [InlineData("ssl.keyStore.type=BCFKS", "ssl.keyStore.type: 'BCFKS' is not a key store type (JKS, PEM or PKCS12)")]
    [InlineData("ssl.protocol=SSLv3", "ssl.protocol: 'SSLv3' is not a supported TLS protocol (TLSv1.2, TLSv1.3, or TLS for both)")]
    [InlineData("ssl.enabledProtocols=TLSv1.2,TLSv1", "ssl.enabledProtocols: 'TLSv1' is not a supported TLS protocol (TLSv1.2, TLSv1.3, or TLS for both)")]
    [InlineData("ssl.ciphersuites=TLS_MADE_UP", "ssl.ciphersuites: 'TLS_MADE_UP' is not a TLS cipher suite name (e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)")]
    [InlineData("ssl.authProvider=ldap", "ssl.authProvider: No auth provider configured for the SSL authentication scheme 'ldap' (only x509 is built in)")]
    [InlineData("ssl.context.supplier.class=com.example.Supplier", "ssl.context.supplier.class: a Java SSLContext supplier class cannot be loaded here; configure ssl.keyStore.* and ssl.trustStore.* instead")]
    [InlineData("ssl.keyStore.passwordPath=/no/such/file", "ssl.keyStore.passwordPath: cannot read the password file")]
    public void A_bad_value_names_the_line_and_the_reason(string line, string reason)
    {
        var error = ZooCfg.Error(Secure + line + "\n");

        Assert.Equal(5, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secure_port_address_without_the_port_is_refused_as_in_apache()
    {
        var error = ZooCfg.Error(Minimal + "secureClientPortAddress=127.0.0.1\n");

        Assert.Contains("secureClientPortAddress is set but secureClientPort is not set", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secureClientPort=2281\n")]
    [InlineData("client.portUnification=true\n")]
    public void A_TLS_port_without_a_key_store_is_refused(string line)
    {
        var error = ZooCfg.Error(Minimal + line);

        Assert.Contains("needs ssl.keyStore.location", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_secure_port_opens_no_plaintext_port()
    {
        var c = ZooCfg.Parse("dataDir=/data\nsecureClientPort=2281\nssl.keyStore.location=/k/s.p12\n");

        var ports = ClientPorts.For(c);

        Assert.Equal([(2281, ClientPortSecurity.Tls)], ports.Select(p => (p.EndPoint.Port, p.Security)));
    }

    [Fact]
    public void Port_unification_makes_the_plaintext_port_unified()
    {
        var c = ZooCfg.Parse(Minimal + "client.portUnification=true\nssl.keyStore.location=/k/s.p12\nsecureClientPort=2281\n");

        var ports = ClientPorts.For(c);

        Assert.Equal([(2181, ClientPortSecurity.Unified), (2281, ClientPortSecurity.Tls)], ports.Select(p => (p.EndPoint.Port, p.Security)));
    }

    [Fact]
    public void Quorum_TLS_keys_are_read_under_their_own_prefix_and_leave_the_client_ports_alone()
    {
        var c = ZooCfg.Parse(ZooCfg.Tutorial + "\n" + """
            sslQuorum=true
            portUnification=true
            sslQuorumReloadCertFiles=true
            ssl.quorum.keyStore.location=/k/q.jks
            zookeeper.ssl.quorum.keyStore.password=qp
            ssl.quorum.trustStore.location=/k/trust.pem
            ssl.quorum.trustStore.type=PEM
            ssl.quorum.clientAuth=want
            ssl.quorum.enabledProtocols=TLSv1.3,TLSv1.2
            ssl.quorum.hostnameVerification=false
            ssl.quorum.handshakeDetectionTimeoutMillis=5000
            """, myId: "1");

        var q = c.QuorumTls;
        Assert.Empty(c.UnknownKeys);
        Assert.Equal((true, true, true), (q.SslQuorum, q.PortUnification, q.ReloadCertFiles));
        Assert.Equal(new StoreFile("/k/q.jks", "qp", null), q.Tls.KeyStore);
        Assert.Equal(new StoreFile("/k/trust.pem", null, "PEM"), q.Tls.TrustStore);
        Assert.Equal((ClientAuthMode.Want, false), (q.Tls.ClientAuth, q.Tls.HostnameVerification));
        Assert.Equal(["TLSv1.3", "TLSv1.2"], q.Tls.EnabledProtocols);
        Assert.Null(c.Tls.KeyStore);
    }

    [Fact]
    public void Quorum_TLS_is_off_by_default_with_apaches_defaults_for_the_keys()
    {
        var q = ZooCfg.Parse(ZooCfg.Tutorial, myId: "1").QuorumTls;

        Assert.Equal((false, false, false), (q.SslQuorum, q.PortUnification, q.ReloadCertFiles));
        Assert.Equal((ClientAuthMode.Need, "TLSv1.2", true), (q.Tls.ClientAuth, q.Tls.Protocol, q.Tls.HostnameVerification));
    }

    [Theory]
    [InlineData("sslQuorum=true\n", "sslQuorum=true needs ssl.quorum.keyStore.location")]
    [InlineData("sslQuorum=true\nssl.quorum.keyStore.location=/k/q.jks\nssl.quorum.trustStore.password=x\n",
        "ssl.quorum.trustStore.password or .type is set but ssl.quorum.trustStore.location is not")]
    [InlineData("ssl.quorum.protocol=SSLv3\n", "ssl.quorum.protocol: 'SSLv3' is not a supported TLS protocol")]
    [InlineData("ssl.quorum.context.supplier.class=com.example.S\n", "configure ssl.quorum.keyStore.* and ssl.quorum.trustStore.* instead")]
    public void Bad_quorum_TLS_settings_are_config_errors(string lines, string reason)
    {
        var error = ZooCfg.Error(ZooCfg.Tutorial + "\n" + lines, myId: "1");

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
