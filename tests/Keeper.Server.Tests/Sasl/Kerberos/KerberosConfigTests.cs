using Keeper.Server.Config;
using Keeper.Server.Sasl.Kerberos;
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
    public void Auth_to_local_rules_are_read_from_zoo_cfg_with_its_escapes_and_continuation_lines()
    {
        var k = ZooCfg.Parse(Minimal + "security.auth_to_local=RULE:[1:$1@$0](.*@EXAMPLE\\\\.COM)s/@.*// \\\n    DEFAULT\n").Auth.Kerberos;

        Assert.Equal(["RULE:[1:$1@$0](.*@EXAMPLE\\.COM)s/@.*//", "DEFAULT"], k.AuthToLocal.Rules.Select(r => r.Text));
    }

    [Fact]
    public void Unset_the_auth_to_local_rule_is_DEFAULT()
    {
        Assert.Equal(AuthToLocalRules.Default, ZooCfg.Parse(Minimal).Auth.Kerberos.AuthToLocal);
    }

    [Fact]
    public void A_malformed_auth_to_local_rule_in_zoo_cfg_names_the_line()
    {
        var e = Assert.Throws<ConfigException>(() => ZooCfg.Parse(Minimal + "zookeeper.security.auth_to_local=RULE:[1:$1@$0](.*@EXAMPLE\n"));

        Assert.Equal(3, e.Line);
        Assert.Equal("zookeeper.security.auth_to_local: Invalid rule: (.*@EXAMPLE", e.Reason);
    }

    [Fact]
    public void A_malformed_auth_to_local_rule_in_a_D_option_names_the_option()
    {
        const string Option = "-Dzookeeper.security.auth_to_local=RULE:[1:$9]";
        var e = Assert.Throws<ConfigException>(() => ZooCfgParser.ParseText(Minimal, "zoo.cfg", [Option], _ => null, _ => { }));

        Assert.Equal($"{Option}: zookeeper.security.auth_to_local: RULE:[1:$9]: the format's $9 is outside the valid range 0 to 1", e.Message);
    }
}
