using Keeper.Core.Auth;
using Keeper.Protocol.Records;
using Keeper.Server.Config;
using Keeper.Server.Sasl;
using Keeper.Server.Tests.Config;

namespace Keeper.Server.Tests.Sasl;

/// <summary>The authentication keys, from zoo.cfg or -D (both reach the parser), and what they load.</summary>
public class AuthConfigTests
{
    private const string Minimal = "dataDir=/data\nclientPort=2181\n";

    [Fact]
    public void Sasl_keys_are_read_with_or_without_the_zookeeper_prefix()
    {
        var c = ZooCfg.Parse(Minimal + """
            authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider
            java.security.auth.login.config=/etc/zk/jaas.conf
            zookeeper.sasl.serverconfig=ZkServer
            zookeeper.superUser=admin
            zookeeper.superUser.2=root
            zookeeper.SASLAuthenticationProvider.superPassword=pw
            zookeeper.allowSaslFailedClients=true
            """).Auth;

        Assert.Equal("org.apache.zookeeper.server.auth.SASLAuthenticationProvider", c.ProviderClasses["authProvider.1"]);
        Assert.Equal(("/etc/zk/jaas.conf", "ZkServer", "pw", true), (c.JaasConfigPath, c.SaslLoginContext, c.SaslSuperPassword, c.AllowSaslFailedClients));
        Assert.Equal(["admin", "root"], c.SuperUsers.Values);
    }

    [Fact]
    public void The_sasl_provider_class_loads_the_sasl_scheme_and_unknown_classes_are_skipped()
    {
        var c = ZooCfg.Parse(Minimal + "authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider\n" +
            "zookeeper.authProvider.2=com.example.NoSuchProvider\n").Auth;

        var providers = AuthProviderClasses.Load(c);

        Assert.True(providers.IsLoaded("sasl"));
        Assert.False(providers.IsLoaded("NoSuchProvider"));
        // x509 is built in with the TLS support, loaded or not (Apache needs its authProvider line).
        Assert.True(providers.IsLoaded("x509"));
        Assert.Equal(["ip", "digest", "x509", "sasl"], providers.Schemes);
    }

    [Fact]
    public void Session_require_client_sasl_auth_enforces_sasl()
    {
        var c = ZooCfg.Parse(Minimal + "zookeeper.sessionRequireClientSASLAuth=true\n").Auth;

        var enforced = AuthEnforcement.From(c, new AuthProviders(["sasl"]));

        Assert.True(enforced.SaslRequired);
        Assert.False(enforced.IsSatisfiedBy([new Id("ip", "127.0.0.1")]));
        Assert.True(enforced.IsSatisfiedBy([new Id("ip", "127.0.0.1"), new Id("sasl", "alice")]));
    }

    [Fact]
    public void Enforced_schemes_are_a_comma_list()
    {
        var c = ZooCfg.Parse(Minimal + "zookeeper.enforce.auth.enabled=true\nzookeeper.enforce.auth.schemes=sasl, digest\n").Auth;

        var enforced = AuthEnforcement.From(c, new AuthProviders(["sasl"]));

        Assert.Equal(["digest", "sasl"], enforced.Schemes);
        Assert.True(enforced.IsSatisfiedBy([new Id("digest", "bob:x")]));
        Assert.True(enforced.SaslRequired);
        Assert.False(enforced.IsSatisfiedBy([new Id("ip", "127.0.0.1")]));
    }

    [Theory]
    [InlineData("zookeeper.enforce.auth.enabled=true\n", "zookeeper.enforce.auth.schemes must be")]
    [InlineData("zookeeper.enforce.auth.enabled=true\nzookeeper.enforce.auth.schemes=sasl\n", "Authentication scheme sasl is not available.")]
    [InlineData("zookeeper.sessionRequireClientSASLAuth=true\n", "Authentication scheme sasl is not available.")]
    public void Enforcement_without_its_provider_stops_startup_with_zookeepers_message(string keys, string message)
    {
        var c = ZooCfg.Parse(Minimal + keys).Auth;

        var e = Assert.Throws<InvalidOperationException>(() => AuthEnforcement.From(c, AuthProviders.Default));

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Nothing_is_enforced_by_default()
    {
        Assert.False(AuthEnforcement.From(ZooCfg.Parse(Minimal).Auth, AuthProviders.Default).Enabled);
    }

    [Fact]
    public void A_bad_boolean_stops_startup_naming_the_line()
    {
        var e = Assert.Throws<ConfigException>(() => ZooCfg.Parse(Minimal + "zookeeper.sessionRequireClientSASLAuth=yes\n"));

        Assert.Equal(3, e.Line);
    }
}
