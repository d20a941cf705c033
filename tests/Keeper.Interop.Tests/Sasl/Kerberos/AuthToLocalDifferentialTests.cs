using Keeper.Server.Sasl.Kerberos;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Sasl.Kerberos;

/// <summary>
/// Our auth_to_local short names next to those of Apache ZooKeeper 3.8's own KerberosName, whose main prints
/// "Name: PRINCIPAL to SHORT" or dies with the exception (the default realm comes from -Djava.security.krb5.realm).
/// Each case runs its own JVM, since KerberosName reads the rules once per process.
/// </summary>
public sealed class AuthToLocalDifferentialTests
{
    private const string Realm = "APACHE.ORG";

    private const string HadoopRules = "RULE:[1:$1@$0](.*@YAHOO\\.COM)s/@.*//\nRULE:[2:$1](johndoe)s/^.*$/guest/\n"
        + "RULE:[2:$1;$2](^.*;admin$)s/;admin$//\nRULE:[2:$2](root)\nDEFAULT";

    public static TheoryData<string, string> Cases => new()
    {
        { HadoopRules, "omalley@APACHE.ORG" },
        { HadoopRules, "hdfs/10.0.0.1@APACHE.ORG" },
        { HadoopRules, "oom@YAHOO.COM" },
        { HadoopRules, "johndoe/zoo@FOO.COM" },
        { HadoopRules, "joe/admin@FOO.COM" },
        { HadoopRules, "joe/root@FOO.COM" },
        { HadoopRules, "foo@ACME.COM" },
        { HadoopRules, "root/joe@FOO.COM" },
        { "DEFAULT", "alice/host@APACHE.ORG" },
        { "DEFAULT", "alice@OTHER.ORG" },
        { @"RULE:[1:$1.$0](.*)s/\./-/", "a.b@X.Y" },
        { @"RULE:[1:$1.$0](.*)s/\./-/g", "a.b@X.Y" },
        { "RULE:[1:$1@$0](.*) DEFAULT", "a@APACHE.ORG" },
        { "DEFAULTRULE:[1:$1x]", "a@OTHER" },
        { "RULE:[1:$1](b.*)\tRULE:[1:$1]s/b/X/", "abc@R" },
        { @"RULE:[2:$2-$1]s/(.*)-(.*)/$2_$1\$/", "svc/host@R" },
        { "RULE:[1:$1]s/(a)/$12/", "abc@R" },
        { "RULE:[1:$1]s/(?<n>b)/${n}${n}/g", "abcb@R" },
        { "", "abc@R" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Keeper_gives_the_short_name_apache_gives(string rules, string principal)
    {
        var apache = await ApacheShortNameAsync(rules, principal);

        int at = principal.LastIndexOf('@');
        string[] parameters = [principal[(at + 1)..], .. principal[..at].Split('/')];
        var (name, problem) = KerberosPrincipalId.ShortName(AuthToLocalRules.Parse(rules), parameters, Realm);
        Assert.Equal(apache, name is not null ? $"Name: {principal} to {name}" : problem);
    }

    [Theory]
    [InlineData("RULE:[1:$1](a")]
    [InlineData("FOO")]
    [InlineData("DEFAULT RULE:[1:$1]s/x/y/L")]
    [InlineData("DEFAULT RULE:[x:$1]")]
    public async Task A_rule_apache_calls_invalid_is_refused_with_its_reason(string rules)
    {
        var apache = await ApacheShortNameAsync(rules, "abc@R");

        var e = Assert.Throws<FormatException>(() => AuthToLocalRules.Parse(rules));
        Assert.Equal(apache, e.Message);
    }

    /// <summary>Apache's "Name: ... to ..." line, or the message of the exception that ended its run.</summary>
    private static async Task<string> ApacheShortNameAsync(string rules, string principal)
    {
        var result = await Tools.RunAsync(Tools.Java,
        [
            "-cp", Tools.ClientClassPath, $"-Djava.security.krb5.realm={Realm}", "-Djava.security.krb5.kdc=127.0.0.1",
            $"-Dzookeeper.security.auth_to_local={rules}", "org.apache.zookeeper.server.auth.KerberosName", principal,
        ]);
        Assert.False(result.TimedOut, result.ToString());
        var name = result.StdOut.Split('\n').FirstOrDefault(l => l.StartsWith("Name: ", StringComparison.Ordinal));
        if (name is not null) return name;
        // "Exception in thread "main" ...KerberosName$NoMatchingRule: REASON", or for a bad rule "Caused by: ...: REASON".
        var lines = result.StdErr.Split('\n');
        var line = lines.LastOrDefault(l => l.StartsWith("Caused by: ", StringComparison.Ordinal))
            ?? lines.First(l => l.StartsWith("Exception in thread ", StringComparison.Ordinal));
        return line[(line.IndexOf(": ", line.IndexOf("Exception", StringComparison.Ordinal), StringComparison.Ordinal) + 2)..];
    }
}
