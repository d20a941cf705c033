using System.Text;
using Keeper.Client;
using Keeper.Interop.Tests.Infrastructure;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Sasl;

/// <summary>
/// SASL DIGEST-MD5 logins from Apache's zkCli.sh (CLIENT_JVMFLAGS naming a client JAAS file) against Apache
/// ZooKeeper 3.8 and against us, configured alike (authProvider.1, -Djava.security.auth.login.config, superUser).
/// The same script runs on both; the transcripts must be identical, and each outcome is also checked on its own.
/// </summary>
public sealed class SaslLoginTests(SaslFixture fixture) : IClassFixture<SaslFixture>
{
    private Task<ScenarioRun> RunAsync(string kind) => fixture.RunOnceAsync("sasl-logins", kind, async server =>
    {
        var transcript = new StringBuilder();
        async Task Step(string title, string user, string password, params string[] command)
        {
            var result = await ZkCli.OneShotAsync(server, command, environment: SaslFixture.ClientEnvironment(fixture.ClientJaas(user, password)));
            ZkCli.Append(transcript, $"[{user}/{password}] {title}", result, server.Port, eventsFirst: true);
        }

        await Step("create", "alice", "alice-secret", "create", "/alices", "hers", "sasl:alice:cdrwa");
        await Step("get", "alice", "alice-secret", "get", "/alices");
        await Step("getAcl", "alice", "alice-secret", "getAcl", "/alices");
        await Step("whoami", "alice", "alice-secret", "whoami");
        await Step("get as another user", "bob", "bob-secret", "get", "/alices");
        await Step("get as the super user", "admin", "admin-secret", "get", "/alices");
        await Step("wrong password", "alice", "not-her-password", "get", "/alices");
        await Step("user not in the server's JAAS file", "carol", "carol-secret", "get", "/alices");
        await Step("auth acl expands to the sasl id", "bob", "bob-secret", "create", "/bobs", "his", "auth::cdrwa");
        await Step("getAcl of the auth node", "bob", "bob-secret", "getAcl", "/bobs");
        return new ScenarioRun(ZkCli.NormaliseTranscript(transcript.ToString()), JavaScenario.Describe(server), true);
    });

    [Fact]
    public async Task Keeper_answers_every_step_as_apache_does()
    {
        var apache = await RunAsync(ServerKinds.Apache);
        var keeper = await RunAsync(ServerKinds.Keeper);

        ScenarioRun.AssertSame(apache, keeper);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_jaas_user_logs_in_creates_a_sasl_acl_node_and_reads_it(string kind)
    {
        var t = (await RunAsync(kind)).Transcript;

        Assert.Contains("WatchedEvent state:SaslAuthenticated type:None path:null", ZkCli.Section(t, "create"));
        Assert.Contains("\nexit=0\n", ZkCli.Section(t, "create"));
        Assert.Contains("Created /alices", ZkCli.Section(t, "create"));
        Assert.EndsWith("\nhers\n", ZkCli.Section(t, "get"));
        Assert.Contains("'sasl,'alice\n: cdrwa", ZkCli.Section(t, "getAcl"));
        Assert.Contains("sasl: alice", ZkCli.Section(t, "whoami"));
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Another_user_is_denied_and_the_super_user_is_not(string kind)
    {
        var t = (await RunAsync(kind)).Transcript;

        var other = ZkCli.Section(t, "get as another user");
        Assert.Contains("WatchedEvent state:SaslAuthenticated", other);
        Assert.Contains("Insufficient permission : /alices", other);
        Assert.EndsWith("\nhers\n", ZkCli.Section(t, "get as the super user"));
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_wrong_password_or_unknown_user_fails_the_login(string kind)
    {
        var t = (await RunAsync(kind)).Transcript;

        foreach (var step in new[] { "wrong password", "user not in the server's JAAS file" })
        {
            var section = ZkCli.Section(t, step);
            Assert.Contains("WatchedEvent state:AuthFailed type:None path:null", section);
            Assert.Contains("KeeperErrorCode = AuthFailed for /alices", section);
            Assert.Contains("\nexit=1\n", section);
            Assert.DoesNotContain("hers", section);
        }
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task An_auth_acl_becomes_the_callers_sasl_id(string kind)
    {
        var t = (await RunAsync(kind)).Transcript;

        Assert.Contains("'sasl,'bob\n: cdrwa", ZkCli.Section(t, "getAcl of the auth node"));
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_malformed_token_gets_AuthFailed_and_the_server_goes_on(string kind)
    {
        var server = await fixture.ServerAsync(kind);
        await using var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectString = server.ConnectString });

        // First token: any (the server answers the challenge); second: not a digest-response at all.
        var challenge = await client.SendRawAsync(OpCode.Sasl, new SaslRecord([]));
        var garbage = await client.SendRawAsync(OpCode.Sasl, new SaslRecord(Encoding.ASCII.GetBytes("\u0001 not=\"closed")));

        Assert.Equal((ErrorCode.Ok, 0L), (challenge.Header.Err, challenge.Header.Zxid));
        Assert.StartsWith("realm=\"zk-sasl-md5\",nonce=\"", Encoding.ASCII.GetString(challenge.Body, 4, challenge.Body.Length - 4));
        Assert.Equal((ErrorCode.AuthFailed, 0L), (garbage.Header.Err, garbage.Header.Zxid));
        var fresh = await ZkCli.OneShotAsync(server, ["ls", "/"]);
        Assert.Equal(0, fresh.ExitCode);
    }
}
