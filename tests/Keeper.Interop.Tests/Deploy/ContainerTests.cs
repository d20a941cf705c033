using System.Diagnostics;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Deploy;

/// <summary>
/// Builds the image with deploy/container/build-local.sh (debootstrap'd Debian 12 base, self-contained
/// keeper, buildah with runc and no network) under a throw-away tag, runs it the way the tutorial's pod
/// does (its command line, with --servers=1, hostname zk-0, no network), and types the tutorial's
/// commands into it with `podman exec`. Nothing is skipped: a machine that cannot build or run the image
/// fails here, with the output of the step that failed. Needs root (CI runs as root).
/// Runs alone, after the parallel tests: its publish and image build load both cores, and timing-sensitive
/// tests (the differential transcript) must not share the machine with it.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class ContainerTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan ExecTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_image_runs_the_tutorials_command_as_zookeeper_and_serves_the_sanity_test()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var image = $"localhost/keeper:test-{id}";
        var container = $"keeper-test-{id}";
        try
        {
            var build = await Tools.RunMergedAsync(
                "/bin/bash",
                [Path.Combine(RepoPaths.Root, "deploy", "container", "build-local.sh")],
                timeout: BuildTimeout,
                environment: new Dictionary<string, string> { ["IMAGE"] = image });
            Assert.True(
                build.ExitCode == 0,
                $"deploy/container/build-local.sh could not build the image on this machine (it needs root, "
                + $"debootstrap/buildah/podman/runc from Debian and the .NET SDK):\n{build}");
            Assert.Contains($"built {image}:", build.StdOut);

            var command = ManifestTests.TutorialCommandLine.Replace("--servers=3", "--servers=1", StringComparison.Ordinal);
            Assert.Contains("--servers=1 ", command);
            var run = await Podman(
                "run", "-d", "--name", container, "--runtime", "runc", "--network", "none", "--hostname", "zk-0",
                "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768",
                image, "sh", "-c", command);
            Assert.True(run.ExitCode == 0, $"podman run failed:\n{run}");

            // Readiness: the tutorial's probe, until it passes (as the kubelet would).
            var clock = Stopwatch.StartNew();
            ProcessResult ready;
            while (true)
            {
                ready = await Exec(container, "sh", "-c", "zookeeper-ready 2181");
                if (ready.ExitCode == 0)
                {
                    break;
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    var logs = await Podman("logs", container);
                    Assert.Fail($"zookeeper-ready 2181 did not pass within 60 s:\n{ready}\n--- container log ---\n{logs.StdOut}{logs.StdErr}");
                }

                await Task.Delay(500);
            }

            // Non-privileged user: every process is zookeeper's (ps truncates the name to zookeep+).
            var ps = await Exec(container, "ps", "-elf");
            Assert.True(ps.ExitCode == 0, ps.ToString());
            var lines = ps.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("F S UID", lines[0]);
            Assert.All(lines.Skip(1), l => Assert.Equal("zookeep+", l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]));
            // The pod's `sh -c "start-zookeeper ..."` (bash, which execs the single command) became the server: PID 1.
            Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] == "1"
                && l.Contains(" keeper " + command, StringComparison.Ordinal));
            var id1000 = await Exec(container, "id");
            Assert.Equal("uid=1000(zookeeper) gid=1000(zookeeper) groups=1000(zookeeper)", id1000.StdOut.Trim());

            var ls = await Exec(container, "ls", "-ld", "/var/lib/zookeeper/data");
            var fields = ls.StdOut.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(fields.Length > 3 && fields[2] == "zookeeper" && fields[3] == "zookeeper", ls.ToString());

            // (No myid with --servers=1: like the tutorial's script, start-zookeeper writes it for an ensemble only.)
            var hostname = await Exec(container, "hostname");
            Assert.Equal("zk-0", hostname.StdOut.Trim());

            var links = await Exec(container, "readlink", "/usr/bin/zookeeper-ready", "/usr/etc/zookeeper");
            Assert.Equal("/opt/zookeeper/bin/zookeeper-ready\n/opt/zookeeper/conf\n", links.StdOut);

            // The sanity test, typed as in the tutorial, read as the terminal shows it (stdout and stderr
            // together, as kubectl exec does: zkCli.sh 3.5+ prints "Created /hello" on stderr).
            var create = await ExecMerged(container, "zkCli.sh", "create", "/hello", "world");
            Assert.True(create.ExitCode == 0, create.ToString());
            AssertInOrder(create, "WATCHER::", "WatchedEvent state:SyncConnected type:None path:null", "Created /hello");

            var get = await ExecMerged(container, "zkCli.sh", "get", "/hello");
            Assert.True(get.ExitCode == 0, get.ToString());
            AssertInOrder(get, "WatchedEvent state:SyncConnected type:None path:null", "world");
            foreach (var line in new[] { "cZxid = 0x", "ctime = ", "mZxid = 0x", "mtime = ", "pZxid = 0x", "cversion = 0",
                         "dataVersion = 0", "aclVersion = 0", "ephemeralOwner = 0x0", "dataLength = 5", "numChildren = 0" })
            {
                Assert.True(get.StdOut.Contains("\n" + line, StringComparison.Ordinal), $"no line starting '{line}' in\n{get}");
            }

            // Liveness experiment: as uid 1000, removing the script makes the probe fail (the /usr/bin link dangles).
            var rm = await Exec(container, "rm", "/opt/zookeeper/bin/zookeeper-ready");
            Assert.True(rm.ExitCode == 0, $"the tutorial's `rm /opt/zookeeper/bin/zookeeper-ready` failed:\n{rm}");
            var probe = await Exec(container, "sh", "-c", "zookeeper-ready 2181");
            Assert.True(probe.ExitCode != 0, $"the probe still passes without /opt/zookeeper/bin/zookeeper-ready:\n{probe}");

            // Process failure: killing the server ends the container (the launch script does not outlive it).
            // The server is the container's PID 1 (sh -c "start-zookeeper ..." -> exec keeper start-zookeeper ...), so
            // the SIGTERM a kubelet or `podman stop` sends to PID 1 reaches it; a shell as PID 1 would drop it.
            var server = await Exec(container, "pgrep", "-a", "-x", "keeper");
            var serverLine = Assert.Single(server.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            var serverPid = serverLine.Split(' ')[0];
            Assert.Equal("1", serverPid);
            Assert.Contains(" keeper start-zookeeper --servers=1 ", " " + serverLine + " ");
            var kill = await Exec(container, "kill", serverPid);
            Assert.True(kill.ExitCode == 0, $"could not kill the server (pid {serverPid}):\n{kill}");
            clock.Restart();
            while (true)
            {
                var state = await Podman("inspect", "--format", "{{.State.Running}}", container);
                if (state.StdOut.Trim() == "false")
                {
                    break;
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the container still runs 30 s after its server was killed:\n{state}");
                await Task.Delay(250);
            }
        }
        finally
        {
            await Podman("rm", "-f", "--time", "0", container);
            await Podman("rmi", "-f", image);
        }
    }

    private static Task<ProcessResult> Podman(params string[] args) => Tools.RunAsync("podman", args, timeout: ExecTimeout);

    private static Task<ProcessResult> Exec(string container, params string[] command) =>
        Podman(["exec", container, .. command]);

    private static Task<ProcessResult> ExecMerged(string container, params string[] command) =>
        Tools.RunMergedAsync("podman", ["exec", container, .. command], timeout: ExecTimeout);

    private static void AssertInOrder(ProcessResult result, params string[] lines)
    {
        var at = 0;
        foreach (var line in lines)
        {
            var found = result.StdOut.IndexOf(line, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{line}' missing (or out of order) in the output of\n{result}");
            at = found + line.Length;
        }
    }
}

/// <summary>xunit runs a collection with parallelization disabled by itself, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ContainerCollection
{
    public const string Name = "Container image (runs alone)";
}
