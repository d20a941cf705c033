using System.Text;
using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Sasl.Kerberos;

/// <summary>
/// The Kerberos servers of <see cref="KerberosFixture"/> with the principal-to-id properties on, set two ways ZooKeeper
/// reads them: <c>kerberos.removeRealmFromPrincipal</c> as a zoo.cfg key, <c>zookeeper.kerberos.removeHostFromPrincipal</c>
/// as a -D option.
/// </summary>
public sealed class KerberosShortIdFixture : KerberosFixture
{
    protected override IDictionary<string, string>? ExtraConfig => new Dictionary<string, string>(base.ExtraConfig!)
    {
        ["kerberos.removeRealmFromPrincipal"] = "true",
    };

    protected override string[]? JvmProperties => [.. base.JvmProperties!, "zookeeper.kerberos.removeHostFromPrincipal=true"];
}

/// <summary>whoami and a sasl ACL with the realm and host removed from the principal, on Apache ZooKeeper 3.8 and on us.</summary>
public sealed class KerberosShortIdTests(KerberosShortIdFixture fixture) : IClassFixture<KerberosShortIdFixture>
{
    private Task<ScenarioRun> RunAsync(string kind) => fixture.RunOnceAsync("kerberos-short-ids", kind, async server =>
    {
        var transcript = new StringBuilder();
        async Task Step(string who, string jaas, params string[] command)
        {
            var result = await ZkCli.OneShotAsync(server, command, environment: fixture.ClientEnvironment(jaas));
            ZkCli.Append(transcript, $"[{who}] {string.Join(' ', command)}", result, server.Port, eventsFirst: true);
        }

        var alice = fixture.ClientJaas("alice", fixture.AliceKeytab);
        var svc = fixture.ClientJaas("svc/localhost", fixture.ServiceKeytab);
        await Step("alice", alice, "whoami");
        await Step("svc/localhost", svc, "whoami");
        await Step("svc/localhost", svc, "create", "/ksvc", "its", "auth::cdrwa");
        await Step("svc/localhost", svc, "getAcl", "/ksvc");
        await Step("alice", alice, "get", "/ksvc");
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
    public async Task Realm_and_host_are_removed(string kind)
    {
        var t = (await RunAsync(kind)).Transcript;

        Assert.Contains("sasl: alice\n", t);
        Assert.Contains("sasl: svc\n", t);
        Assert.Contains("'sasl,'svc\n: cdrwa", t);
        Assert.Contains("Insufficient permission : /ksvc", t);
    }
}
