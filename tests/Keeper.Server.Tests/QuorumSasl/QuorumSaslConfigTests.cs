using Keeper.Server.Config;
using Keeper.Server.Hosting;
using Keeper.Server.QuorumSasl;
using Keeper.Server.Tests.Config;

namespace Keeper.Server.Tests.QuorumSasl;

/// <summary>The quorum.auth.* keys as QuorumPeerConfig reads and checks them.</summary>
public class QuorumSaslConfigTests
{
    private static ServerConfig Parse(string lines) => ZooCfg.Parse(ZooCfg.Tutorial + "\n" + lines, myId: "1");

    [Fact]
    public void The_keys_are_read_and_the_defaults_are_apaches()
    {
        var defaults = Parse("").QuorumSasl;
        Assert.False(defaults.EnableSasl);
        Assert.Equal("QuorumLearner", defaults.LearnerLoginContext);
        Assert.Equal("QuorumServer", defaults.ServerLoginContext);

        var s = Parse("quorum.auth.enableSasl=true\nquorum.auth.learnerRequireSasl=true\nquorum.auth.serverRequireSasl=TRUE\n" +
            "quorum.auth.learner.saslLoginContext=L\nquorum.auth.server.saslLoginContext=S\n" +
            "quorum.auth.kerberos.servicePrincipal=zkquorum/_HOST\nquorum.cnxn.threads.size=20\n").QuorumSasl;
        Assert.True(s is { EnableSasl: true, LearnerRequireSasl: true, ServerRequireSasl: true, LearnerLoginContext: "L", ServerLoginContext: "S" });
        Assert.Equal("zkquorum/_HOST", s.KerberosServicePrincipal);
    }

    [Theory]
    [InlineData("quorum.auth.serverRequireSasl=true\nquorum.auth.learnerRequireSasl=true\n", "quorum.auth.enableSasl is disabled, so cannot enable quorum.auth.serverRequireSasl")]
    [InlineData("quorum.auth.learnerRequireSasl=true\n", "quorum.auth.enableSasl is disabled, so cannot enable quorum.auth.learnerRequireSasl")]
    [InlineData("quorum.auth.enableSasl=true\nquorum.auth.serverRequireSasl=true\n", "quorum.auth.learnerRequireSasl is disabled, so cannot enable quorum.auth.serverRequireSasl")]
    [InlineData("quorum.auth.enableSasl=yes\n", "'yes'")]
    [InlineData("quorum.cnxn.threads.size=many\n", "'many' is not a number")]
    public void Inconsistent_or_malformed_settings_stop_parsing(string lines, string reason)
    {
        Assert.Contains(reason, Assert.Throws<ConfigException>(() => Parse(lines)).Message);
    }

    [Theory]
    [InlineData("QuorumLearner { org.apache.zookeeper.server.auth.DigestLoginModule required username=\"a\" password=\"p\"; };",
        "section 'QuorumServer' could not be found")]
    [InlineData("QuorumServer { org.apache.zookeeper.server.auth.DigestLoginModule required user_a=\"p\"; };",
        "section 'QuorumLearner' could not be found")]
    [InlineData("QuorumServer { org.apache.zookeeper.server.auth.DigestLoginModule required user_a=\"p\"; };\n" +
        "QuorumLearner { org.apache.zookeeper.server.auth.DigestLoginModule required username=\"a\"; };", "needs username and password")]
    [InlineData("QuorumServer { com.sun.security.auth.module.Krb5LoginModule required; };\n" +
        "QuorumLearner { org.apache.zookeeper.server.auth.DigestLoginModule required username=\"a\" password=\"p\"; };", "no principal option")]
    [InlineData("QuorumServer { org.apache.zookeeper.server.auth.DigestLoginModule required user_a=\"p\"; };\n" +
        "QuorumLearner { com.sun.security.auth.module.Krb5LoginModule required principal=\"zkquorum/localhost\"; };", "useKeyTab=true is required")]
    [InlineData("QuorumServer { com.example.OtherLoginModule required; };\n" +
        "QuorumLearner { org.apache.zookeeper.server.auth.DigestLoginModule required username=\"a\" password=\"p\"; };",
        "com.example.OtherLoginModule in section QuorumServer is not supported for quorum SASL: only org.apache.zookeeper.server.auth.DigestLoginModule (DIGEST-MD5) and com.sun.security.auth.module.Krb5LoginModule (GSSAPI) are")]
    public void Enabled_sasl_needs_both_jaas_sections_with_usable_logins(string jaas, string reason)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, jaas);
            var config = Parse("quorum.auth.enableSasl=true\n") with { Auth = new AuthConfig { JaasConfigPath = path } };
            var e = Assert.Throws<ServerStartException>(() => QuorumSaslSetup.Load(config, _ => null, _ => null));
            Assert.Contains(reason, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Enabled_sasl_with_both_sections_loads()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "QuorumServer { org.apache.zookeeper.server.auth.DigestLoginModule required user_a=\"p\"; };\n" +
                "QuorumLearner { org.apache.zookeeper.server.auth.DigestLoginModule required username=\"a\" password=\"p\"; };");
            var config = Parse("quorum.auth.enableSasl=true\n") with { Auth = new AuthConfig { JaasConfigPath = path } };
            Assert.True(QuorumSaslSetup.Load(config, _ => null, _ => null).Enabled);
            Assert.False(QuorumSaslSetup.Load(config with { QuorumSasl = new() }, _ => null, _ => null).Enabled);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
