using System.Collections.Concurrent;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Differential;

/// <summary>What one run of the scenario produced on one server.</summary>
internal sealed record ScenarioResult(
    string Kind,
    string Transcript,
    int OperationCount,
    IReadOnlySet<int> OpCodes,
    IReadOnlySet<int> MultiOpCodes,
    IReadOnlySet<int> MultiReadOpCodes,
    string? Aborted,
    TimeSpan Elapsed,
    string Diagnostics);

/// <summary>
/// Starts Apache ZooKeeper and our server once for the test class, both fresh and with the same
/// settings, and runs the scenario once on each (on first use).
/// <list type="bullet">
/// <item>TTL nodes: <c>extendedTypesEnabled=true</c> is in every test zoo.cfg (<see cref="ZooCfg"/>); Apache also
/// gets <c>-Dzookeeper.extendedTypesEnabled=true</c> and ours the same as a <c>-D</c> argument.</item>
/// <item>Container and TTL deletion every 250 ms: Apache reads only the JVM property
/// <c>znode.container.checkIntervalMs</c>; ours reads the zoo.cfg key and the <c>-D</c> argument. Not shorter:
/// Apache's ContainerManager posts a delete for every empty container at each check, even one whose delete from the
/// check before is not applied yet; that second delete fails and is logged as an error txn, one zxid more than ours.
/// With 100 ms a loaded machine's commit latency did that once (Apache's zxids ran one ahead after section M).</item>
/// </list>
/// Both servers get the same zoo.cfg and the same properties (the launchers pass -D to ours too).
/// </summary>
public sealed class DifferentialFixture : IAsyncLifetime
{
    public const string ContainerCheckIntervalMs = "250";

    private static readonly Dictionary<string, string> ExtraConfig = new()
    {
        ["znode.container.checkIntervalMs"] = ContainerCheckIntervalMs,
    };

    private static readonly string[] JvmProperties =
    [
        "zookeeper.extendedTypesEnabled=true",
        "znode.container.checkIntervalMs=" + ContainerCheckIntervalMs,
    ];

    private readonly ConcurrentDictionary<string, Lazy<Task<ScenarioResult>>> _runs = new();
    private readonly ServerPool _pool = new(ExtraConfig, JvmProperties);

    /// <summary>Where the transcripts are written: differential/ under the test output directory.</summary>
    public static string OutputDir => Path.Combine(AppContext.BaseDirectory, "differential");

    internal Task<ScenarioResult> RunAsync(string kind) =>
        _runs.GetOrAdd(kind, k => new Lazy<Task<ScenarioResult>>(() => RunOnceAsync(k))).Value;

    private async Task<ScenarioResult> RunOnceAsync(string kind)
    {
        var server = await _pool.GetAsync(kind);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? aborted = null;
        Transcript transcript;
        await using (var runner = new ScenarioRunner(server))
        {
            try
            {
                await DifferentialScenario.RunAsync(runner);
            }
            catch (Exception e)
            {
                aborted = $"{e.GetType().Name}: {e.Message}";
                runner.T.Raw("!! the scenario stopped here: " + aborted);
            }

            transcript = runner.T;
        }

        var diagnostics = server is TestServer t ? t.Diagnostics() : $"{server.Name} at {server.ConnectString}";
        var result = new ScenarioResult(kind, transcript.Text, transcript.OperationCount, transcript.OpCodes, transcript.MultiOpCodes,
            transcript.MultiReadOpCodes, aborted, clock.Elapsed, diagnostics);
        Directory.CreateDirectory(OutputDir);
        await File.WriteAllTextAsync(Path.Combine(OutputDir, $"{kind}.txt"), result.Transcript);
        return result;
    }

    public Task InitializeAsync()
    {
        // Start both servers at once; the runs themselves happen on first use.
        _ = _pool.GetAsync(ServerKinds.Apache);
        _ = _pool.GetAsync(ServerKinds.Keeper);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _pool.DisposeAsync();
}
