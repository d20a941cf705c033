using Keeper.Server.Sasl.Kerberos;

namespace Keeper.Server.Tests.Sasl.Kerberos;

/// <summary>The sasl id of a Kerberos principal: KerberosName's DEFAULT rule and the two remove* properties.</summary>
public sealed class KerberosPrincipalIdTests
{
    private const string Realm = "KEEPER.TEST";

    [Theory]
    [InlineData("alice@KEEPER.TEST", false, false, "alice@KEEPER.TEST")]
    [InlineData("alice@KEEPER.TEST", false, true, "alice")]
    [InlineData("zookeeper/localhost@KEEPER.TEST", false, false, "zookeeper/localhost@KEEPER.TEST")]
    [InlineData("zookeeper/localhost@KEEPER.TEST", true, false, "zookeeper@KEEPER.TEST")]
    [InlineData("zookeeper/localhost@KEEPER.TEST", true, true, "zookeeper")]
    // Another realm matches no DEFAULT rule: the full name stays, whatever the properties say.
    [InlineData("carol/host@OTHER.TEST", true, true, "carol/host@OTHER.TEST")]
    [InlineData("a/b/c@KEEPER.TEST", true, true, "a/b/c@KEEPER.TEST")]
    public void Maps_as_zookeeper_does(string principal, bool removeHost, bool removeRealm, string expected)
    {
        var settings = new KerberosSettings { RemoveHostFromPrincipal = removeHost, RemoveRealmFromPrincipal = removeRealm };

        Assert.Equal(expected, KerberosPrincipalId.Of(principal, Realm, settings));
    }

    [Fact]
    public void Without_a_default_realm_every_name_stays_whole()
    {
        Assert.Equal("alice@KEEPER.TEST", KerberosPrincipalId.Of("alice@KEEPER.TEST", null, new KerberosSettings { RemoveRealmFromPrincipal = true }));
    }

    [Theory]
    // The short name comes first; host and realm are put back unless the flags drop them, as SaslServerCallbackHandler does.
    [InlineData("alice/admin@KEEPER.TEST", false, false, "alice/admin@KEEPER.TEST")]
    [InlineData("alice/admin@KEEPER.TEST", true, false, "alice@KEEPER.TEST")]
    [InlineData("alice/admin@KEEPER.TEST", true, true, "alice")]
    [InlineData("bob@KEEPER.TEST", false, true, "bob-KEEPER-TEST")]
    // No rule applies, or the name is not simple: the full principal, flags or not.
    [InlineData("svc/localhost@KEEPER.TEST", true, true, "svc/localhost@KEEPER.TEST")]
    [InlineData("alice@KEEPER.TEST", true, true, "alice@KEEPER.TEST")]
    public void Rules_give_the_short_name_the_flags_then_apply_to(string principal, bool removeHost, bool removeRealm, string expected)
    {
        var settings = new KerberosSettings
        {
            RemoveHostFromPrincipal = removeHost,
            RemoveRealmFromPrincipal = removeRealm,
            AuthToLocal = AuthToLocalRules.Parse(@"RULE:[2:$1@$0](alice@KEEPER\.TEST)s/@.*// RULE:[1:$1.$0](bob\.KEEPER\.TEST)s/\./-/g RULE:[1:$1@$0](alice@.*)"),
        };

        Assert.Equal(expected, KerberosPrincipalId.Of(principal, Realm, settings));
    }
}
