using Keeper.Interop.Tests.Deploy;
using Keeper.TestSupport;
using Xunit.Abstractions;

namespace Keeper.Interop.Tests.Tutorial;

/// <summary>
/// Runs deploy/local/tutorial.sh: the Kubernetes ZooKeeper tutorial replayed with our image in three network
/// namespaces (pods zk-0..2 with the manifest's command, user, volume and probes, a kubelet each), every step of
/// ../shared/TUTORIAL.md checked — host names and zoo.cfg, the sanity test's cZxid 0x100000002, durable storage,
/// logs, the non-privileged user, a rolling update under writes, process and liveness failures, one and two
/// servers cut off with iptables, a drain against the PodDisruptionBudget. The script exits 0 only when every step
/// passes; its whole output is the failure message. Nothing is skipped: it needs root, podman with runc,
/// iproute2, iptables, python3-yaml and python3-kazoo (.ci/run installs them), and builds its image from this
/// tree under a throw-away tag (removed afterwards) so that it never tests a stale image.
/// Runs alone with the container test: it loads the machine and is timing-sensitive.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class LocalTutorialTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BuildAndRun = TimeSpan.FromMinutes(30);

    [Fact]
    public async Task Every_step_of_the_tutorial_passes_against_our_image_in_three_network_namespaces()
    {
        var image = $"localhost/keeper:tutorial-test-{Guid.NewGuid().ToString("N")[..12]}";
        try
        {
            var run = await Tools.RunMergedAsync(
                "/bin/bash",
                [Path.Combine(RepoPaths.Root, "deploy", "local", "tutorial.sh")],
                timeout: BuildAndRun,
                environment: new Dictionary<string, string> { ["IMAGE"] = image, ["TUTORIAL_DEADLINE"] = "600" });
            output.WriteLine(run.StdOut);
            Assert.True(run.ExitCode == 0, $"deploy/local/tutorial.sh failed (exit {run.ExitCode}, {run.Elapsed}):\n{run.StdOut}");
            Assert.Contains("ALL STEPS PASS", run.StdOut);
            Assert.DoesNotContain("\nFAIL ", run.StdOut);
        }
        finally
        {
            await Tools.RunAsync("podman", ["rmi", "-f", image], timeout: TimeSpan.FromSeconds(60));
        }
    }
}
