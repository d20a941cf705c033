using System.Collections.Concurrent;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Infrastructure;

/// <summary>
/// A class fixture: one server per kind for the whole test class (started on first use), and
/// each scenario's transcript computed once per kind, so a scenario runs exactly once on each
/// server and the tests of the class share the result.
/// </summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<(string Scenario, string Kind), Lazy<Task<ScenarioRun>>> _runs = new();
    private ServerPool? _pool;

    /// <summary>zoo.cfg keys on top of the defaults (see <see cref="ZooCfg"/>).</summary>
    protected virtual IDictionary<string, string>? ExtraConfig => null;

    protected virtual string[]? JvmProperties => null;

    private ServerPool Pool => _pool ??= new ServerPool(ExtraConfig, JvmProperties);

    public Task<ITestServer> ServerAsync(string kind) => Pool.GetAsync(kind);

    /// <summary>Runs <paramref name="scenario"/> once on the <paramref name="kind"/> server; later calls get the same run.</summary>
    public Task<ScenarioRun> RunOnceAsync(string scenarioName, string kind, Func<ITestServer, Task<ScenarioRun>> scenario) =>
        _runs.GetOrAdd((scenarioName, kind), _ => new Lazy<Task<ScenarioRun>>(async () => await scenario(await ServerAsync(kind)))).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        if (_pool is not null)
        {
            await _pool.DisposeAsync();
        }
    }
}

/// <summary>A normalised transcript plus what is needed to explain a failure.</summary>
public sealed record ScenarioRun(string Transcript, string Diagnostics, bool Completed)
{
    /// <summary>Ours answered every step exactly as Apache did; otherwise both transcripts and our diagnostics are shown.</summary>
    public static void AssertSame(ScenarioRun apache, ScenarioRun keeper) =>
        Assert.True(apache.Transcript == keeper.Transcript,
            $"--- apache ---\n{apache.Transcript}\n--- keeper ---\n{keeper.Transcript}\n{keeper.Diagnostics}");
}
