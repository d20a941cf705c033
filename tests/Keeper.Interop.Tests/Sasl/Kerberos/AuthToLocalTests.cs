using System.Text;
using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Sasl.Kerberos;

/// <summary>
/// The Kerberos servers of <see cref="KerberosFixture"/> with <c>security.auth_to_local</c> rules in zoo.cfg (which
/// Apache turns into the system property <c>zookeeper.security.auth_to_local</c>) and both remove*FromPrincipal flags,
/// so the <c>sasl</c> id is the rules' short name alone. The rules, tried in order:
/// alice/admin becomes alice (a match regex and a sed substitution); bob becomes bob-KEEPER-TEST (the
/// substitution with g, its regex written with a zoo.cfg escape); alice@KEEPER.TEST matches a rule whose result still
/// holds '@', which ends the search with no short name, so her id is her full principal; svc/localhost matches no
/// rule (there is no DEFAULT) and keeps its full principal too.
/// </summary>
public sealed class AuthToLocalFixture : KerberosFixture
{
    public const string Rules =
        "RULE:[2:$1@$0](alice@KEEPER\\\\.TEST)s/@.*// RULE:[1:$1.$0](bob\\\\.KEEPER\\\\.TEST)s/\\\\./-/g\tRULE:[1:$1@$0](alice@.*)";

    public AuthToLocalFixture()
    {
        AliceAdminKeytab = Kdc.AddPrincipalWithKeytabAsync("alice/admin").GetAwaiter().GetResult();
    }

    /// <summary>alice/admin@KEEPER.TEST.</summary>
    public string AliceAdminKeytab { get; }

    protected override IDictionary<string, string>? ExtraConfig => new Dictionary<string, string>(base.ExtraConfig!)
    {
        ["security.auth_to_local"] = Rules,
        ["kerberos.removeRealmFromPrincipal"] = "true",
        ["kerberos.removeHostFromPrincipal"] = "true",
    };
}

/// <summary>The same zkCli.sh transcript of whoami and sasl ACLs under auth_to_local rules, on Apache ZooKeeper 3.8 and on us.</summary>
public sealed class AuthToLocalTests(AuthToLocalFixture fixture) : IClassFixture<AuthToLocalFixture>
{
    private Task<ScenarioRun> RunAsync(string kind) => fixture.RunOnceAsync("auth-to-local", kind, async server =>
    {
        var transcript = new StringBuilder();
        async Task Step(string who, string jaas, params string[] command)
        {
            var result = await ZkCli.OneShotAsync(server, command, environment: fixture.ClientEnvironment(jaas));
            AppendCommandOutput(transcript, $"[{who}] {string.Join(' ', command)}", result, server.Port);
        }

        var aliceAdmin = fixture.ClientJaas("alice/admin", fixture.AliceAdminKeytab);
        var alice = fixture.ClientJaas("alice", fixture.AliceKeytab);
        var bob = fixture.ClientJaas("bob", fixture.BobKeytab);
        var svc = fixture.ClientJaas("svc/localhost", fixture.ServiceKeytab);
        await Step("alice/admin", aliceAdmin, "whoami");
        await Step("bob", bob, "whoami");
        await Step("alice", alice, "whoami");
        await Step("svc/localhost", svc, "whoami");
        await Step("alice/admin", aliceAdmin, "create", "/rules", "mapped", "sasl:alice:cdrwa,sasl:bob-KEEPER-TEST:r");
        await Step("alice/admin", aliceAdmin, "getAcl", "/rules");
        await Step("bob", bob, "get", "/rules");
        await Step("alice", alice, "get", "/rules");
        return new ScenarioRun(ZkCli.NormaliseTranscript(transcript.ToString()), JavaScenario.Describe(server), true);
    });

    [Fact]
    public async Task Keeper_maps_the_principals_as_apache_does()
    {
        var apache = await RunAsync(ServerKinds.Apache);
        var keeper = await RunAsync(ServerKinds.Keeper);

        ScenarioRun.AssertSame(apache, keeper);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task The_rules_give_the_short_names(string kind)
    {
        var t = (await RunAsync(kind)).Transcript;

        Assert.Contains("[alice/admin] whoami\n", t);
        Assert.Contains("sasl: alice\n", t);
        Assert.Contains("sasl: bob-KEEPER-TEST\n", t);
        Assert.Contains("sasl: alice@KEEPER.TEST\n", t);
        Assert.Contains("sasl: svc/localhost@KEEPER.TEST\n", t);
        Assert.Contains("'sasl,'bob-KEEPER-TEST\n: r", t);
        Assert.Contains("mapped\n", ZkCli.Step(t, "[bob] get /rules"));
        Assert.Contains("Insufficient permission : /rules", ZkCli.Step(t, "[alice] get /rules"));
    }

    /// <summary>
    /// <see cref="ZkCli.Append"/> without zkCli's event-thread lines (WATCHER::, the WatchedEvent lines and the blank
    /// lines between): they interleave with the command's output by timing, and the last of them (SaslAuthenticated,
    /// Disconnected) may not be printed before zkCli exits (seen on Apache under load). The command's own output, which
    /// for whoami holds the sasl id, and its exit code are compared.
    /// </summary>
    internal static void AppendCommandOutput(StringBuilder transcript, string title, ProcessResult result, int port)
    {
        var step = new StringBuilder();
        ZkCli.Append(step, title, result, port);
        foreach (var line in step.ToString().TrimEnd('\n').Split('\n').Where(l => !ZkCli.IsEventThreadLine(l)))
            transcript.Append(line).Append('\n');
    }
}

/// <summary>
/// Rules given as a -D option (two rules, space-separated, DEFAULT last) with only <c>kerberos.removeRealmFromPrincipal</c>:
/// the host is put back after the short name, so alice/admin becomes alice/admin again, and DEFAULT keeps svc/localhost.
/// </summary>
public sealed class AuthToLocalOptionFixture : KerberosFixture
{
    public AuthToLocalOptionFixture()
    {
        AliceAdminKeytab = Kdc.AddPrincipalWithKeytabAsync("alice/admin").GetAwaiter().GetResult();
    }

    public string AliceAdminKeytab { get; }

    protected override IDictionary<string, string>? ExtraConfig => new Dictionary<string, string>(base.ExtraConfig!)
    {
        ["kerberos.removeRealmFromPrincipal"] = "true",
    };

    protected override string[]? JvmProperties =>
        [.. base.JvmProperties!, @"zookeeper.security.auth_to_local=RULE:[2:$1@$0](alice@KEEPER\.TEST)s/alice@.*/al/ DEFAULT"];
}

/// <summary>whoami under rules from a -D option, where the host survives the short name, on Apache ZooKeeper 3.8 and on us.</summary>
public sealed class AuthToLocalOptionTests(AuthToLocalOptionFixture fixture) : IClassFixture<AuthToLocalOptionFixture>
{
    private Task<ScenarioRun> RunAsync(string kind) => fixture.RunOnceAsync("auth-to-local-option", kind, async server =>
    {
        var transcript = new StringBuilder();
        foreach (var (who, keytab) in new[] { ("alice/admin", fixture.AliceAdminKeytab), ("svc/localhost", fixture.ServiceKeytab), ("bob", fixture.BobKeytab) })
        {
            var result = await ZkCli.OneShotAsync(server, ["whoami"], environment: fixture.ClientEnvironment(fixture.ClientJaas(who, keytab)));
            AuthToLocalTests.AppendCommandOutput(transcript, $"[{who}] whoami", result, server.Port);
        }
        return new ScenarioRun(ZkCli.NormaliseTranscript(transcript.ToString()), JavaScenario.Describe(server), true);
    });

    [Fact]
    public async Task Keeper_names_the_logins_as_apache_does()
    {
        var apache = await RunAsync(ServerKinds.Apache);
        var keeper = await RunAsync(ServerKinds.Keeper);

        ScenarioRun.AssertSame(apache, keeper);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task The_host_is_put_back_after_the_short_name(string kind)
    {
        var t = (await RunAsync(kind)).Transcript;

        Assert.Contains("sasl: al/admin\n", t);
        Assert.Contains("sasl: svc/localhost\n", t);
        Assert.Contains("sasl: bob\n", t);
    }
}
