using System.Text.RegularExpressions;
using System.Diagnostics;
using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Sasl.Kerberos;

/// <summary>
/// A malformed <c>-Dzookeeper.security.auth_to_local</c> on Apache ZooKeeper 3.8 and on us. Apache parses the rules
/// only when KerberosName is first used, at the first Kerberos login: the server starts, and the thread serving that
/// login dies with "Invalid rule: ..." (the login gets no sasl id). We find the same fault at startup and exit 2 with
/// "Invalid config", naming the -D option and giving Apache's reason.
/// </summary>
public sealed class AuthToLocalStartupTests(KerberosFixture fixture) : IClassFixture<KerberosFixture>
{
    private const string Option = "zookeeper.security.auth_to_local=RULE:[1:$1@$0](alice@.*";
    private const string Reason = "Invalid rule: (alice@.*";

    private static readonly Dictionary<string, string> SaslProvider = new() { ["authProvider.1"] = SaslFixture.SaslProvider };

    private string[] Properties => [.. fixture.ServerProperties(fixture.ServerJaas), Option];

    [Fact]
    public async Task Apache_starts_and_fails_the_first_Kerberos_login_on_the_rule()
    {
        await using var server = await ServerKinds.StartAsync(ServerKinds.Apache, SaslProvider, Properties);
        var log = ((TestServer)server).LogFile!;
        Assert.DoesNotContain(Reason, File.ReadAllText(log));

        var whoami = await ZkCli.OneShotAsync(server, ["whoami"], environment: fixture.ClientEnvironment(fixture.ClientJaas("alice", fixture.AliceKeytab)));

        Assert.DoesNotContain("sasl:", whoami.StdOut);
        var clock = Stopwatch.StartNew();
        while (!File.ReadAllText(log).Contains(Reason, StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(200);
        Assert.Contains("java.lang.IllegalArgumentException: " + Reason, File.ReadAllText(log));
    }

    [Fact]
    public async Task Keeper_refuses_to_start_with_exit_code_2_naming_the_option_and_the_rule()
    {
        var e = await Assert.ThrowsAsync<ServerStartException>(() => ServerKinds.StartAsync(ServerKinds.Keeper, SaslProvider, Properties));

        Assert.Contains("the process exited with code 2", e.Message);
        Assert.Contains($"Invalid config, exiting abnormally: -D{Option}: zookeeper.security.auth_to_local: {Reason}", e.Message);
    }

    [Fact]
    // The reason keeps the whitespace before the rule that does not parse, as in Apache.
    public async Task Keeper_refuses_a_malformed_rule_in_zoo_cfg_naming_the_line()
    {
        var config = new Dictionary<string, string>(SaslProvider) { ["security.auth_to_local"] = "DEFAULT RULE:[x:$1]" };

        var e = await Assert.ThrowsAsync<ServerStartException>(() => ServerKinds.StartAsync(ServerKinds.Keeper, config, fixture.ServerProperties(fixture.ServerJaas)));

        Assert.Contains("the process exited with code 2", e.Message);
        Assert.True(Regex.IsMatch(e.Message, @"Invalid config, exiting abnormally: \S*zoo\.cfg:\d+: security\.auth_to_local: Invalid rule:  RULE:\[x:\$1\]"), e.Message);
    }
}
