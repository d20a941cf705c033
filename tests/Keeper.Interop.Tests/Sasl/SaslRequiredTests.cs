using System.Text;
using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Sasl;

/// <summary>The SASL servers of <see cref="SaslFixture"/> with <c>zookeeper.sessionRequireClientSASLAuth=true</c>.</summary>
public sealed class SaslRequiredFixture : SaslFixture
{
    protected override string[]? JvmProperties => [.. base.JvmProperties!, "zookeeper.sessionRequireClientSASLAuth=true"];
}

/// <summary>
/// <c>zookeeper.sessionRequireClientSASLAuth</c> (ZooKeeper 3.8's enforced authentication): a client without a SASL
/// login, or whose login fails, is refused; a logged-in one works. Same script on Apache ZooKeeper and on us.
/// </summary>
public sealed class SaslRequiredTests(SaslRequiredFixture fixture) : IClassFixture<SaslRequiredFixture>
{
    private Task<ScenarioRun> RunAsync(string kind) => fixture.RunOnceAsync("sasl-required", kind, async server =>
    {
        var transcript = new StringBuilder();
        var noLogin = await ZkCli.OneShotAsync(server, ["ls", "/"]);
        ZkCli.Append(transcript, "[no login] ls /", noLogin, server.Port, eventsFirst: true);
        var alice = await ZkCli.OneShotAsync(server, ["ls", "/"], environment: SaslFixture.ClientEnvironment(fixture.ClientJaas("alice", "alice-secret")));
        ZkCli.Append(transcript, "[alice] ls /", alice, server.Port, eventsFirst: true);
        var wrong = await ZkCli.OneShotAsync(server, ["ls", "/"], environment: SaslFixture.ClientEnvironment(fixture.ClientJaas("alice", "wrong")));
        ZkCli.Append(transcript, "[alice/wrong] ls /", wrong, server.Port, eventsFirst: true);
        return new ScenarioRun(ZkCli.NormaliseTranscript(transcript.ToString()), JavaScenario.Describe(server), true);
    });

    [Fact]
    public async Task Keeper_refuses_and_admits_as_apache_does()
    {
        var apache = await RunAsync(ServerKinds.Apache);
        var keeper = await RunAsync(ServerKinds.Keeper);

        ScenarioRun.AssertSame(apache, keeper);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Only_a_logged_in_client_is_served(string kind)
    {
        var t = (await RunAsync(kind)).Transcript;
        var steps = t.Split("$ [", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, steps.Length);
        Assert.DoesNotContain("[zookeeper]", steps[0]);
        Assert.Contains("KeeperErrorCode = Session closed because client failed to authenticate for /", steps[0]);
        Assert.Contains("exit=0\n", steps[1]);
        Assert.Contains("[zookeeper]", steps[1]);
        Assert.DoesNotContain("[zookeeper]", steps[2]);
        Assert.Contains("WatchedEvent state:AuthFailed", steps[2]);
    }
}
