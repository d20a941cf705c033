using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Infrastructure;

/// <summary>The python scripts in python/, run with the system python that has kazoo.</summary>
internal static class Kazoo
{
    public const string BasePath = "/interop-kazoo";

    public static string Script(string name) => Path.Combine(RepoPaths.Root, "tests", "Keeper.Interop.Tests", "python", name);

    public static async Task<ScenarioRun> RunScenarioAsync(ITestServer server)
    {
        Tools.Require(Tools.Python, "the system python3 with python3-kazoo");
        var result = await Tools.RunAsync(Tools.Python, [Script("kazoo_scenario.py"), server.ConnectString, BasePath], timeout: TimeSpan.FromSeconds(120));
        return new ScenarioRun(result.StdOut, result + JavaScenario.Describe(server), result is { ExitCode: 0, TimedOut: false });
    }

    /// <summary>
    /// Starts python/hold_session.py: a kazoo session holding an ephemeral node and three
    /// watches under <paramref name="basePath"/> until the returned process is disposed.
    /// </summary>
    public static async Task<(ChildProcess Process, string SessionId)> HoldSessionAsync(ITestServer server, string basePath)
    {
        Tools.Require(Tools.Python, "the system python3 with python3-kazoo");
        var process = ChildProcess.Start(Tools.Python, [Script("hold_session.py"), server.ConnectString, basePath]);
        if (!await process.WaitForOutputAsync(o => o.Contains("READY ", StringComparison.Ordinal), TimeSpan.FromSeconds(20)))
        {
            var output = process.Output;
            await process.DisposeAsync();
            throw new InvalidOperationException($"hold_session.py did not get ready:\n{output}{JavaScenario.Describe(server)}");
        }

        var line = process.StdOut.Split('\n').First(l => l.StartsWith("READY ", StringComparison.Ordinal));
        return (process, line["READY ".Length..].Trim());
    }
}
