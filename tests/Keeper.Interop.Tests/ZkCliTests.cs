using System.Text;
using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests;

public sealed class ZkCliFixture : ServerFixture;

/// <summary>
/// zkCli.sh (Apache ZooKeeper 3.8's shell, a Java client) against both servers: the tutorial's
/// sanity test, one-shot commands, and an interactive session on stdin. Outputs are compared
/// with expected/zkcli-*.txt (recorded from Apache ZooKeeper) after normalising dates, zxids,
/// session ids and the port. The "keeper" cases fail until our server exists; that is expected.
/// </summary>
public sealed class ZkCliTests(ZkCliFixture fixture) : IClassFixture<ZkCliFixture>
{
    /// <summary>One-shot commands, in order, under /zc. Each is a separate zkCli.sh process (about 0.7 s).</summary>
    private static readonly string[][] OneShotSteps =
    [
        ["create", "/zc", "zc-data"],
        ["create", "-s", "/zc/seq-", "s"],
        ["create", "-c", "/zc/cont"],
        ["create", "-t", "600000", "/zc/ttl", "t"],
        ["create", "/zc/child", "c"],
        ["create", "/zc/child", "again"],
        ["create", "/zc/missing/x"],
        ["get", "-s", "/zc"],
        ["set", "/zc", "new-data"],
        ["stat", "/zc"],
        ["ls", "/zc"],
        ["ls", "-R", "/zc"],
        ["getAcl", "/zc"],
        ["delete", "/zc/child"],
        ["getEphemerals", "/zc"],
        ["getAllChildrenNumber", "/zc"],
        ["get", "/zc/missing"],
        ["deleteall", "/zc"],
    ];

    /// <summary>One interactive session, fed on stdin, under /zi.</summary>
    private static readonly string[] InteractiveLines =
    [
        "create /zi zi-data",
        "create -e /zi/eph e",
        "create -s -e /zi/eseq- x",
        "getEphemerals /zi",
        "get /zi",
        "get -s /zi/eph",
        "set -s /zi v2",
        "set -v 5 /zi bad",
        "delete -v 7 /zi/eph",
        "ls -s /zi",
        "stat /zookeeper",
        "ls /zookeeper",
        "getAcl /zookeeper/config",
        "get /zookeeper/config",
        "set /zookeeper/config x",
        "delete /zookeeper",
        "create /zi/acl x auth::cdrwa",
        "addauth digest alice:secret",
        "whoami",
        "create /zi/acl secret auth::cdrwa",
        "getAcl /zi/acl",
        "setAcl /zi/acl world:anyone:r,auth::cdrwa",
        "getAcl -s /zi/acl",
        "create /zi/bob x digest:bob:ikIaKsbtGweaHnb/jKn7OHqbunM=:cdrwa",
        "get /zi/bob",
        "set /zi/bob y",
        "create /zi/bad x digest:nocolon:cdrwa",
        "sync /zi",
        "getAllChildrenNumber /zi",
        "delete /zi/bob",
        "deleteall /zi",
        "ls /zi",
        "quit",
    ];

    private Task<ScenarioRun> TutorialAsync(string kind) => fixture.RunOnceAsync("tutorial", kind, async server =>
    {
        // Exactly as the tutorial types it: no -waitforconnection, path /hello.
        var create = await ZkCli.OneShotAsync(server, ["create", "/hello", "world"], waitForConnection: false);
        var get = await ZkCli.OneShotAsync(server, ["get", "/hello"], waitForConnection: false);
        var getStat = await ZkCli.OneShotAsync(server, ["get", "-s", "/hello"], waitForConnection: false);
        var t = new StringBuilder();
        ZkCli.Append(t, "create /hello world", create, server.Port);
        ZkCli.Append(t, "get /hello", get, server.Port);
        ZkCli.Append(t, "get -s /hello", getStat, server.Port);
        return new ScenarioRun(t.ToString(), $"{create}\n{get}\n{getStat}{JavaScenario.Describe(server)}", true);
    });

    private Task<ScenarioRun> OneShotAsync(string kind) => fixture.RunOnceAsync("one-shot", kind, async server =>
    {
        var t = new StringBuilder();
        var raw = new StringBuilder();
        foreach (var step in OneShotSteps)
        {
            var result = await ZkCli.OneShotAsync(server, step);
            ZkCli.Append(t, string.Join(' ', step), result, server.Port, sortOutput: step.Contains("-R"));
            raw.Append(result).Append('\n');
        }

        return new ScenarioRun(ZkCli.NormaliseTranscript(t.ToString()), raw + JavaScenario.Describe(server), true);
    });

    private Task<ScenarioRun> InteractiveAsync(string kind) => fixture.RunOnceAsync("interactive", kind, async server =>
    {
        var result = await ZkCli.InteractiveAsync(server, InteractiveLines);
        var t = new StringBuilder();
        t.Append("# stdin:\n");
        foreach (var line in InteractiveLines)
        {
            t.Append("# ").Append(line).Append('\n');
        }

        ZkCli.Append(t, "zkCli.sh -server 127.0.0.1:PORT -waitforconnection < stdin", result, server.Port);
        return new ScenarioRun(ZkCli.NormaliseTranscript(t.ToString()), result + JavaScenario.Describe(server), !result.TimedOut);
    });

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Tutorial_create_hello_world_prints_the_connection_lines_then_Created_hello(string kind)
    {
        var run = await TutorialAsync(kind);

        var create = Section(run.Transcript, "create /hello world");
        Assert.True(create.Count >= 7, run.Diagnostics);
        Assert.Equal("exit=0", create[0]);
        Assert.Equal("Connecting to 127.0.0.1:PORT", create[1]);
        var watcher = create.IndexOf("WATCHER::");
        var connected = create.IndexOf("WatchedEvent state:SyncConnected type:None path:null");
        var created = create.IndexOf("Created /hello");
        Assert.True(watcher > 0 && connected > watcher && created > 0, $"lines missing from:\n{string.Join('\n', create)}\n{run.Diagnostics}");
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Tutorial_get_hello_prints_world_as_its_last_line(string kind)
    {
        var run = await TutorialAsync(kind);

        var get = Section(run.Transcript, "get /hello");
        Assert.Equal("exit=0", get[0]);
        Assert.Equal("world", CommandOutput(get)[^1]);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Tutorial_get_s_hello_prints_world_then_the_eleven_line_stat_block(string kind)
    {
        var run = await TutorialAsync(kind);

        var lines = CommandOutput(Section(run.Transcript, "get -s /hello"));
        Assert.Equal("exit=0", lines[0]);
        var world = lines.IndexOf("world");
        Assert.True(world > 0, run.Diagnostics);
        var stat = lines.Skip(world + 1).Select(l => l.Split(" = ")[0]).ToArray();
        Assert.Equal(
            ["cZxid", "ctime", "mZxid", "mtime", "pZxid", "cversion", "dataVersion", "aclVersion", "ephemeralOwner", "dataLength", "numChildren"],
            stat);
        Assert.Contains("dataLength = 5", lines);
        Assert.Contains("ephemeralOwner = 0x0", lines);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task One_shot_commands_print_what_ZooKeeper_3_8_prints(string kind)
    {
        var run = await OneShotAsync(kind);

        Transcripts.AssertMatchesRecorded("zkcli-one-shot.txt", kind, run.Transcript, run.Diagnostics);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_failing_one_shot_command_exits_with_status_1_and_names_the_path(string kind)
    {
        var run = await OneShotAsync(kind);

        var lines = Section(run.Transcript, "get /zc/missing");
        Assert.Equal("exit=1", lines[0]);
        Assert.Equal("Node does not exist: /zc/missing", lines[^1]);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Interactive_session_on_stdin_prints_what_ZooKeeper_3_8_prints(string kind)
    {
        var run = await InteractiveAsync(kind);

        Transcripts.AssertMatchesRecorded("zkcli-interactive.txt", kind, run.Transcript, run.Diagnostics);
    }

    [Fact]
    public async Task ZkCli_transcripts_on_keeper_are_identical_to_live_apache_runs()
    {
        var apache = (await OneShotAsync(ServerKinds.Apache)).Transcript + (await InteractiveAsync(ServerKinds.Apache)).Transcript;
        var keeperOneShot = await OneShotAsync(ServerKinds.Keeper);
        var keeper = keeperOneShot.Transcript + (await InteractiveAsync(ServerKinds.Keeper)).Transcript;

        Transcripts.AssertSame(apache, keeper, "apache", "keeper", keeperOneShot.Diagnostics);
    }

    /// <summary>
    /// A step's lines without zkCli's connection lines: the tutorial runs without -waitforconnection, so the event
    /// thread's "WatchedEvent state:SyncConnected" can be printed after the command's output (seen once in CI, after
    /// "world"); the order of the command's own lines is what these tests assert.
    /// </summary>
    private static List<string> CommandOutput(List<string> section) => section.Where(l => !ZkCli.IsConnectionLine(l)).ToList();

    /// <summary>The lines of one "$ title" step, starting with its "exit=" line.</summary>
    private static List<string> Section(string transcript, string title)
    {
        var section = ZkCli.Step(transcript, title).TrimEnd('\n').Split('\n').Skip(1).ToList();
        return section.Take(section.FindLastIndex(l => l.Length > 0) + 1).ToList();
    }
}
