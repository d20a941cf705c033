using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests;

public sealed class JavaClientFixture : ServerFixture;

/// <summary>
/// The real Java client (Apache ZooKeeper 3.8's zookeeper.jar) through a scripted sequence of
/// every client operation: see java/JavaClientScenario.java and expected/java-client.txt.
/// The "keeper" cases fail until our server exists; that is expected.
/// </summary>
public sealed class JavaClientTests(JavaClientFixture fixture) : IClassFixture<JavaClientFixture>
{
    private const string Recorded = "java-client.txt";

    private Task<ScenarioRun> RunAsync(string kind) => fixture.RunOnceAsync("java", kind, JavaScenario.RunAsync);

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Java_client_scenario_runs_to_the_end_without_aborting(string kind)
    {
        var run = await RunAsync(kind);

        Assert.True(run.Completed, run.Diagnostics);
        Assert.DoesNotContain("ABORTED", run.Transcript);
        Assert.EndsWith("zk2 getChildren /B -> [0000000010, c, empty, m-0000000020, m1, p, pw, ro, s-0000000003, s-0000000004, s-0000000009, s-0000000013, ttl, ttls-0000000008, zookeeper]\n", run.Transcript);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Java_client_transcript_matches_the_recorded_ZooKeeper_3_8_transcript(string kind)
    {
        var run = await RunAsync(kind);

        Transcripts.AssertMatchesRecorded(Recorded, kind, run.Transcript, run.Diagnostics);
    }

    [Fact]
    public async Task Java_client_transcript_on_keeper_is_identical_to_a_live_apache_run()
    {
        var apache = await RunAsync(ServerKinds.Apache);
        Assert.True(apache.Completed, apache.Diagnostics);

        var keeper = await RunAsync(ServerKinds.Keeper);

        Transcripts.AssertSame(apache.Transcript, keeper.Transcript, "apache", "keeper", keeper.Diagnostics);
    }
}
