using Keeper.Protocol;
using Xunit.Abstractions;

namespace Keeper.Interop.Tests.Ensemble;

/// <summary>
/// The tutorial's rolling update (step 9): servers restart one at a time, in reverse id order, each with
/// SIGTERM, while clients keep writing. On SIGTERM a server finishes what is in flight and closes its clients
/// once they have nothing outstanding, a leader first lets everything it proposed commit, and followers hold
/// their idle clients through the election and pass on what a retiring leader dropped.
/// </summary>
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private const int Writers = 3;

    /// <summary>
    /// No acknowledged write is lost, for either implementation. How many operations fail depends on timing (a
    /// client that is never idle loses the one it has in flight when its own server closes: ZooKeeper's client
    /// protocol has no "go elsewhere" message), so the counts are printed, not asserted; bench/ compares them.
    /// Measured on an idle 2-core machine: ours 3-4 failed operations for 3 restarts, Apache's 21.
    /// </summary>
    [Theory]
    [InlineData(Keeper.TestSupport.ServerKinds.Keeper)]
    [InlineData(Keeper.TestSupport.ServerKinds.Apache)]
    public async Task A_rolling_restart_with_sigterm_loses_no_acknowledged_write(string kind)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, kind], new Dictionary<string, string> { ["tickTime"] = "500" });
        ensemble.StartAll();
        await ensemble.WaitForQuorumAsync(Settle);
        await using (var setup = await EnsembleClient.ConnectAsync(ensemble.ConnectString)) await setup.CreateAsync("/roll", "");

        int failed = 0;
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await using var client = await EnsembleClient.ConnectAsync(ensemble.ConnectString, sessionTimeoutMs: 20_000);
            for (int n = 0; n < 1_000_000 && !stop.IsCancellationRequested; n++)
            {
                try
                {
                    string path = await client.CreateAsync($"/roll/w{w}-{n}", "x");
                    acknowledged.Add(path);
                }
                catch (KeeperException e) when (e.Code is ErrorCode.ConnectionLoss or ErrorCode.SessionExpired)
                {
                    Interlocked.Increment(ref failed);
                    await Task.Delay(20);
                }
            }
        })).ToList();

        await Task.Delay(1000);
        foreach (var member in ensemble.Members.OrderByDescending(m => m.Id))
        {
            await member.StopAsync();
            member.Start();
            await ensemble.WaitForQuorumAsync(Settle);
            await Task.Delay(500);
        }
        stop.Cancel();
        await Task.WhenAll(writers);
        output.WriteLine($"{kind}: {acknowledged.Count} writes acknowledged, {failed} failed during the rolling restart");

        await using var check = await EnsembleClient.ConnectAsync(ensemble.ConnectString);
        await check.SyncAsync("/roll");
        var children = (await check.GetChildrenAsync("/roll")).ToHashSet();
        Assert.All(acknowledged, p => Assert.Contains(p["/roll/".Length..], children));
        Assert.True(acknowledged.Count > 0, "nothing was written");
    }
}
