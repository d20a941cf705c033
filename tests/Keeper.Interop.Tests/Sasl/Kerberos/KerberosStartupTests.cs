using System.Text;
using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Sasl.Kerberos;

/// <summary>
/// A server whose own Kerberos login is broken, on Apache ZooKeeper 3.8 and on us: a keytab without the server's
/// principal, or with a stale key, stops startup with exit code 1 (Java's Krb5LoginModule fails and ZooKeeper exits);
/// with <c>isInitiator=false</c> the stale key is only found out when a client's ticket cannot be decrypted, and that
/// login fails the same way on both; so does every login to a server whose JAAS entry lacks storeKey=true.
/// </summary>
public sealed class KerberosStartupTests(KerberosFixture fixture) : IClassFixture<KerberosFixture>
{
    private static readonly Dictionary<string, string> SaslProvider = new() { ["authProvider.1"] = SaslFixture.SaslProvider };

    /// <summary>
    /// The fixture's server keytab, made stale: the KDC draws zookeeper/localhost a new key (this class never starts the
    /// fixture's own servers, so nothing else uses that keytab).
    /// </summary>
    private async Task<string> StaleServerKeytabAsync()
    {
        await fixture.Kdc.ExportKeytabAsync(KerberosFixture.ServerPrincipal);
        return fixture.ServerKeytab;
    }

    /// <summary>
    /// Starts Apache's server and ours in turn with the JAAS Server section <paramref name="section"/>, runs
    /// <paramref name="steps"/> against each, and asserts both transcripts are the same; returns ours.
    /// </summary>
    private async Task<string> SameOnBothAsync(string name, string section, Func<ITestServer, StringBuilder, Task> steps)
    {
        var transcripts = new Dictionary<string, string>();
        foreach (var kind in new[] { ServerKinds.Apache, ServerKinds.Keeper })
        {
            var jaas = fixture.Write($"{name}-{kind}.jaas", section);
            await using var server = await ServerKinds.StartAsync(kind, SaslProvider, fixture.ServerProperties(jaas));
            var transcript = new StringBuilder();
            await steps(server, transcript);
            transcripts[kind] = ZkCli.NormaliseTranscript(transcript.ToString());
        }

        Assert.True(transcripts[ServerKinds.Apache] == transcripts[ServerKinds.Keeper],
            $"--- apache ---\n{transcripts[ServerKinds.Apache]}\n--- keeper ---\n{transcripts[ServerKinds.Keeper]}");
        return transcripts[ServerKinds.Keeper];
    }

    /// <summary>Alice's <c>ls /</c>, which the server refuses at her first token.</summary>
    private async Task RefusedLsAsync(ITestServer server, StringBuilder transcript, string title, IDictionary<string, string>? environment = null)
    {
        var result = await ZkCli.OneShotAsync(server, ["ls", "/"], environment: environment ?? fixture.ClientEnvironment(fixture.ClientJaas("alice", fixture.AliceKeytab)));
        ZkCli.AppendRefusedLogin(transcript, title, result, server.Port, "/");
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_keytab_without_the_server_principal_stops_startup_with_exit_code_1(string kind)
    {
        var jaas = fixture.Write($"no-principal-{kind}.jaas", KerberosFixture.ServerSection(fixture.BobKeytab));

        var e = await Assert.ThrowsAsync<ServerStartException>(() => ServerKinds.StartAsync(kind, SaslProvider, fixture.ServerProperties(jaas)));

        Assert.Contains("the process exited with code 1", e.Message);
        Assert.Contains(kind == ServerKinds.Keeper
            ? $"the server cannot log in as {KerberosFixture.ServerPrincipal}"
            : "Could not configure server because SASL configuration did not allow the  ZooKeeper server to authenticate itself properly",
            e.Message);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_stale_server_key_stops_startup_with_exit_code_1(string kind)
    {
        var keytab = await StaleServerKeytabAsync();
        var jaas = fixture.Write($"stale-{kind}.jaas", KerberosFixture.ServerSection(keytab));

        var e = await Assert.ThrowsAsync<ServerStartException>(() => ServerKinds.StartAsync(kind, SaslProvider, fixture.ServerProperties(jaas)));

        Assert.Contains("the process exited with code 1", e.Message);
        if (kind == ServerKinds.Keeper) Assert.Contains("the KDC gives no ticket to its key", e.Message);
    }

    [Fact]
    public async Task With_isInitiator_false_a_stale_server_key_fails_the_logins_alike()
    {
        var keytab = await StaleServerKeytabAsync();
        var ours = await SameOnBothAsync("not-initiator", KerberosFixture.ServerSection(keytab, KerberosFixture.ServerPrincipal, "\n    isInitiator=false"),
            (server, transcript) => RefusedLsAsync(server, transcript, "[alice] ls / on a server with a stale key"));

        Assert.Contains("WatchedEvent state:AuthFailed", ours);
        Assert.DoesNotContain("[zookeeper]", ours);
    }

    [Fact]
    public async Task Only_tickets_for_the_configured_principal_are_accepted_even_when_the_keytab_holds_others()
    {
        // One keytab with the server's key and another service's; the client asks for a ticket to the other service
        // (zookeeper.sasl.client.username names the service part of the server principal it expects).
        await fixture.Kdc.AddPrincipalWithKeytabAsync("zkalt/localhost");
        var keytab = await fixture.Kdc.ExportCurrentKeysAsync(KerberosFixture.ServerPrincipal, "zkalt/localhost");
        var ours = await SameOnBothAsync("two-keys", KerberosFixture.ServerSection(keytab), async (server, transcript) =>
        {
            var environment = fixture.ClientEnvironment(fixture.ClientJaas("alice", fixture.AliceKeytab));
            ZkCli.Append(transcript, "[alice] ls / as zookeeper/localhost", await ZkCli.OneShotAsync(server, ["ls", "/"], environment: environment), server.Port, eventsFirst: true);
            environment["CLIENT_JVMFLAGS"] += " -Dzookeeper.sasl.client.username=zkalt";
            await RefusedLsAsync(server, transcript, "[alice] ls / as zkalt/localhost", environment);
        });

        var steps = ours.Split("$ [", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("WatchedEvent state:SaslAuthenticated", steps[0]);
        Assert.Contains("WatchedEvent state:AuthFailed", steps[1]);
    }

    [Fact]
    public async Task Without_storeKey_the_server_starts_and_every_login_fails_alike()
    {
        var keytab = await fixture.Kdc.ExportCurrentKeysAsync(KerberosFixture.ServerPrincipal);
        var ours = await SameOnBothAsync("no-store-key", KerberosFixture.ServerSection(keytab).Replace("storeKey=true", "storeKey=false"),
            (server, transcript) => RefusedLsAsync(server, transcript, "[alice] ls / on a server without storeKey"));

        Assert.Contains("WatchedEvent state:AuthFailed", ours);
        Assert.DoesNotContain("SaslAuthenticated", ours);
    }
}
