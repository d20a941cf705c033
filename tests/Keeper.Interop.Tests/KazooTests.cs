using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests;

public sealed class KazooFixture : ServerFixture;

/// <summary>
/// python-kazoo (Debian's python3-kazoo 2.8, run by /usr/bin/python3) through the scripted
/// sequence in python/kazoo_scenario.py, compared with expected/kazoo.txt (recorded from Apache
/// ZooKeeper). The "keeper" cases fail until our server exists; that is expected.
/// </summary>
public sealed class KazooTests(KazooFixture fixture) : IClassFixture<KazooFixture>
{
    private Task<ScenarioRun> RunAsync(string kind) => fixture.RunOnceAsync("kazoo", kind, Kazoo.RunScenarioAsync);

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Kazoo_scenario_runs_to_the_end_without_aborting(string kind)
    {
        var run = await RunAsync(kind);

        Assert.True(run.Completed, run.Diagnostics);
        Assert.DoesNotContain("ABORTED", run.Transcript);
        Assert.Contains("zk3 stop\n  event zk1/e3 DELETED CONNECTED /B/e3\n  event zk2/kids CHILD CONNECTED /B\n", run.Transcript);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Kazoo_transcript_matches_the_recorded_ZooKeeper_3_8_transcript(string kind)
    {
        var run = await RunAsync(kind);

        Transcripts.AssertMatchesRecorded("kazoo.txt", kind, run.Transcript, run.Diagnostics);
    }

    [Fact]
    public async Task Kazoo_transcript_on_keeper_is_identical_to_a_live_apache_run()
    {
        var apache = await RunAsync(ServerKinds.Apache);
        Assert.True(apache.Completed, apache.Diagnostics);

        var keeper = await RunAsync(ServerKinds.Keeper);

        Transcripts.AssertSame(apache.Transcript, keeper.Transcript, "apache", "keeper", keeper.Diagnostics);
    }
}
