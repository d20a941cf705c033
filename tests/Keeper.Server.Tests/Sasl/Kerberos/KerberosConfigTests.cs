using Keeper.Server.Config;
using Keeper.Server.Tests.Config;

namespace Keeper.Server.Tests.Sasl.Kerberos;

/// <summary>The Kerberos keys, from zoo.cfg (with or without <c>zookeeper.</c>) as from -D options.</summary>
public sealed class KerberosConfigTests
{
    private const string Minimal = "dataDir=/data\nclientPort=2181\n";

    [Fact]
    public void Krb5_conf_and_the_principal_mapping_keys_are_read()
    {
        var k = ZooCfg.Parse(Minimal + """
            java.security.krb5.conf=/etc/zk/krb5.conf
            kerberos.removeHostFromPrincipal=true
            zookeeper.kerberos.removeRealmFromPrincipal=TRUE
            zookeeper.security.auth_to_local=DEFAULT
            """).Auth.Kerberos;

        Assert.Equal(("/etc/zk/krb5.conf", true, true), (k.Krb5ConfPath, k.RemoveHostFromPrincipal, k.RemoveRealmFromPrincipal));
    }

    [Fact]
    public void By_default_the_principal_is_kept_whole_and_krb5_conf_is_not_named()
    {
        var k = ZooCfg.Parse(Minimal).Auth.Kerberos;

        Assert.Equal((null, false, false), (k.Krb5ConfPath, k.RemoveHostFromPrincipal, k.RemoveRealmFromPrincipal));
    }

    [Fact]
    public void An_auth_to_local_rule_other_than_DEFAULT_is_refused()
    {
        var e = Assert.Throws<ConfigException>(() => ZooCfg.Parse(Minimal + "zookeeper.security.auth_to_local=RULE:[1:$1@$0](.*@EXAMPLE)s/@.*//\n"));

        Assert.Contains("only the DEFAULT auth_to_local rule is supported", e.Message);
    }
}
