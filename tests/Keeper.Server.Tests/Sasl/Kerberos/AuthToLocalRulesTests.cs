using Keeper.Server.Sasl.Kerberos;

namespace Keeper.Server.Tests.Sasl.Kerberos;

/// <summary>
/// <c>zookeeper.security.auth_to_local</c>: parsing and short names. Every expected value here was read off Apache
/// ZooKeeper 3.8.0's own KerberosName (its main prints "Name: P to SHORT", or the exception) run with the same rules,
/// default realm APACHE.ORG.
/// </summary>
public sealed class AuthToLocalRulesTests
{
    private const string Realm = "APACHE.ORG";

    /// <summary>Hadoop's classic example set, one rule a line, DEFAULT last.</summary>
    private const string HadoopRules = """
        RULE:[1:$1@$0](.*@YAHOO\.COM)s/@.*//
        RULE:[2:$1](johndoe)s/^.*$/guest/
        RULE:[2:$1;$2](^.*;admin$)s/;admin$//
        RULE:[2:$2](root)
        DEFAULT
        """;

    private static (string? Name, string? Problem) ShortName(string rules, string principal)
    {
        int at = principal.LastIndexOf('@');
        string[] parameters = [principal[(at + 1)..], .. principal[..at].Split('/')];
        return KerberosPrincipalId.ShortName(AuthToLocalRules.Parse(rules), parameters, Realm);
    }

    [Theory]
    [InlineData(HadoopRules, "omalley@APACHE.ORG", "omalley")]
    [InlineData(HadoopRules, "hdfs/10.0.0.1@APACHE.ORG", "hdfs")]
    [InlineData(HadoopRules, "oom@YAHOO.COM", "oom")]
    [InlineData(HadoopRules, "johndoe/zoo@FOO.COM", "guest")]
    [InlineData(HadoopRules, "joe/admin@FOO.COM", "joe")]
    [InlineData(HadoopRules, "joe/root@FOO.COM", "root")]
    // The substitution rewrites the first match; with g every match.
    [InlineData(@"RULE:[1:$1.$0](.*)s/\./-/", "a.b@X.Y", "a-b.X.Y")]
    [InlineData(@"RULE:[1:$1.$0](.*)s/\./-/g", "a.b@X.Y", "a-b-X-Y")]
    [InlineData("RULE:[1:$1]s/b/X/", "abc@R", "aXc")]
    // Rules need no whitespace between them; the first that gives a name wins.
    [InlineData("DEFAULTRULE:[1:$1x]", "a@OTHER", "ax")]
    [InlineData("RULE:[1:$1x]\tDEFAULT", "a@APACHE.ORG", "ax")]
    // The match regex must match the whole formatted name.
    [InlineData("RULE:[1:$1](a|abc)", "abc@R", "abc")]
    // Java's replacement syntax: groups, a backslash-escaped '$', $12 read as group 1 then '2' when there is no group 12, a named group.
    [InlineData(@"RULE:[2:$2-$1]s/(.*)-(.*)/$2_$1\$/", "svc/host@R", "svc_host$")]
    [InlineData("RULE:[1:$1]s/(a)/$12/", "abc@R", "a2bc")]
    [InlineData("RULE:[1:$1]s/(?<n>b)/${n}${n}/", "abc@R", "abbc")]
    public void A_rule_gives_the_short_name_apache_gives(string rules, string principal, string expected)
    {
        Assert.Equal((expected, null), ShortName(rules, principal));
    }

    [Theory]
    [InlineData(HadoopRules, "foo@ACME.COM", "No rules applied to foo@ACME.COM")]
    [InlineData(HadoopRules, "root/joe@FOO.COM", "No rules applied to root/joe@FOO.COM")]
    [InlineData("RULE:[1:$1](b.*)", "abc@R", "No rules applied to abc@R")]
    [InlineData("RULE:[0:x]", "abc@R", "No rules applied to abc@R")]
    [InlineData("", "abc@R", "No rules applied to abc@R")]
    // A name that still holds '@' or '/' ends the search: the DEFAULT after it is not tried.
    [InlineData("RULE:[1:$1@$0](.*) DEFAULT", "a@APACHE.ORG", "Non-simple name a@APACHE.ORG after auth_to_local rule RULE:[1:$1@$0](.*)")]
    [InlineData("RULE:[2:$1/$2]", "a/b@R", "Non-simple name a/b after auth_to_local rule RULE:[2:$1/$2]")]
    public void Without_a_short_name_the_reason_is_given(string rules, string principal, string problem)
    {
        Assert.Equal((null, problem), ShortName(rules, principal));
    }

    [Theory]
    // What Apache's parser refuses (it throws when KerberosName is first loaded).
    [InlineData("RULE:[1:$1](a", "Invalid rule: (a")]
    [InlineData("FOO", "Invalid rule: FOO")]
    [InlineData("DEFAULT\n  RULE:[1:$1]s/x/y/L", "Invalid rule: L")]
    [InlineData("RULE:[:$1]", "RULE:[:$1]: the component count '' is not a number")]
    [InlineData("RULE:[1:$1]((a|b))", "RULE:[1:$1]((a|b): the match regex '(a|b' is invalid")]
    [InlineData("RULE:[1:$1](a[)", "the match regex 'a[' is invalid")]
    [InlineData("RULE:[1:$1]s/+/x/", "the substitution regex '+' is invalid")]
    // What Apache finds only when the rule is applied to a login (an exception then; we refuse it at startup).
    [InlineData("RULE:[1:$1$]", "RULE:[1:$1$]: the format has a '$' without a component number")]
    [InlineData("RULE:[1:$2]", "RULE:[1:$2]: the format's $2 is outside the valid range 0 to 1")]
    [InlineData("RULE:[1:$1]s/b/$2/", "the replacement '$2' refers to group 2, which the regex does not have")]
    [InlineData(@"RULE:[1:$1]s/b/x\/", @"the replacement 'x\' ends in a '\' with no character to escape")]
    [InlineData("RULE:[1:$1]s/b/x$/", "the replacement 'x$' ends in a '$' with no group")]
    [InlineData("RULE:[1:$1]s/b/${m}/", "names the group 'm', which the regex does not have")]
    // Java's possessive quantifier, which .NET's regexes lack (Apache accepts it).
    [InlineData("RULE:[1:$1](a*+)", "the match regex 'a*+' is invalid")]
    public void A_malformed_rule_is_refused_with_the_reason(string rules, string reason)
    {
        var e = Assert.Throws<FormatException>(() => AuthToLocalRules.Parse(rules));

        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Rules_are_kept_in_order_and_DEFAULT_is_the_rule_unset()
    {
        var rules = AuthToLocalRules.Parse(HadoopRules);

        Assert.Equal(
            ["RULE:[1:$1@$0](.*@YAHOO\\.COM)s/@.*//", "RULE:[2:$1](johndoe)s/^.*$/guest/", "RULE:[2:$1;$2](^.*;admin$)s/;admin$//", "RULE:[2:$2](root)", "DEFAULT"],
            rules.Rules.Select(r => r.Text));
        Assert.Equal([true], AuthToLocalRules.Default.Rules.Select(r => r.IsDefault));
    }
}
