using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests;

public sealed class CliMtFixture : ServerFixture;

/// <summary>
/// The C client (cli_mt from Debian's zookeeper-bin) driven through stdin, compared with
/// expected/cli-mt.txt (recorded from Apache ZooKeeper) after normalising dates, zxids,
/// session ids and timings. The "keeper" cases fail until our server exists; that is expected.
/// </summary>
public sealed class CliMtTests(CliMtFixture fixture) : IClassFixture<CliMtFixture>
{
    private static readonly string[] Commands =
    [
        "create /cm",
        "create2 /cm/c2",
        "create +e /cm/e",
        "create2 +s /cm/s",
        "create2 +es /cm/es",
        "create2 +c /cm/cont",
        "create2 +t=600000 /cm/ttl",
        "create /cm/c2",
        "create /cm/e/x",
        "create /cm/none/x",
        "get /cm",
        "set /cm hello",
        "get /cm",
        "ls /cm",
        "ls2 /cm",
        "exists /cm",
        "exists /cm/nope",
        "wexists /cm/w",
        "create /cm/w",
        "set /cm/w data",
        "delete /cm",
        "delete /cm/none",
        "sync /cm",
        "addauth digest bob:pw",
        "config",
        "get /zookeeper/config",
        "ls /zookeeper",
        "delete /cm/w",
        "myid",
        "quit",
    ];

    private Task<ScenarioRun> RunAsync(string kind) => fixture.RunOnceAsync("cli_mt", kind, server => CliMt.RunAsync(server, Commands));

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task C_client_session_completes_every_command(string kind)
    {
        var run = await RunAsync(kind);

        Assert.True(run.Completed, run.Transcript + "\n" + run.Diagnostics);
        Assert.Contains("Got a new session id: 0xS1", run.Transcript);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task C_client_transcript_matches_the_recorded_ZooKeeper_3_8_transcript(string kind)
    {
        var run = await RunAsync(kind);

        Transcripts.AssertMatchesRecorded("cli-mt.txt", kind, run.Transcript, run.Diagnostics);
    }

    [Fact]
    public async Task C_client_transcript_on_keeper_is_identical_to_a_live_apache_run()
    {
        var apache = await RunAsync(ServerKinds.Apache);
        Assert.True(apache.Completed, apache.Diagnostics);

        var keeper = await RunAsync(ServerKinds.Keeper);

        Transcripts.AssertSame(apache.Transcript, keeper.Transcript, "apache", "keeper", keeper.Diagnostics);
    }
}
