using System.Collections.Concurrent;
using Keeper.Client;
using Keeper.Interop.Tests.Ensemble;
using Keeper.Protocol;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Reconfig;

/// <summary>Steps the incremental reconfig tests share: laying out the members' dynamic files, and waiting.</summary>
internal static class ReconfigSteps
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public const string SuperDigest = "super:lK75jTNcA+U9vtVEw5vB51mj/w4=";

    /// <summary>An ensemble of these kinds with reconfigEnabled, a 500 ms tick and the super user (password "secret").</summary>
    public static Keeper.TestSupport.Ensemble ReconfigEnsemble(string[] kinds, long[]? observers = null) =>
        Keeper.TestSupport.Ensemble.Create(kinds, new Dictionary<string, string>
        {
            ["tickTime"] = "500", ["reconfigEnabled"] = "true", ["DigestAuthenticationProvider.superDigest"] = SuperDigest,
        }, observers);

    /// <summary>
    /// Every member but the joiner knows only the others; the joiner knows all (as an operator would write it). Each
    /// starts from a dynamic config file of one version: Apache 3.8.0 restarts its election, and stops listening on its
    /// election port, when a notification brings it a newer version while it looks, which a late start would risk.
    /// </summary>
    public static void WriteDynamicFiles(Keeper.TestSupport.Ensemble ensemble, long joinerId)
    {
        foreach (var member in ensemble.Members)
        {
            var known = member.Id == joinerId ? ensemble.Members : ensemble.Members.Where(m => m.Id != joinerId);
            var dynamicFile = member.ConfigPath + ".dynamic.100000000";
            File.WriteAllText(dynamicFile, string.Join('\n', known.Select(m => m.ServerLine)));
            File.WriteAllLines(member.ConfigPath, File.ReadAllLines(member.ConfigPath)
                .Where(l => !l.StartsWith("server.", StringComparison.Ordinal)).Append("dynamicConfigFile=" + dynamicFile));
        }
    }

    public static async Task<string> EventuallyAsync(Func<Task<string?>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition() is { } done) return done;
            await Task.Delay(250);
        }
        Assert.Fail(failure);
        return "";
    }

    public static Task EventuallyAsync(Func<Task<bool>> condition, string failure) =>
        EventuallyAsync(async () => await condition() ? "ok" : null, failure);

    /// <summary>Asserts the member has every acknowledged child of /load after a sync.</summary>
    public static async Task AssertHasAllAsync(EnsembleMember member, IEnumerable<string> acknowledged)
    {
        await using var client = await EnsembleClient.ConnectAsync(member.ConnectString);
        await client.SyncAsync("/load");
        var children = (await client.GetChildrenAsync("/load")).ToHashSet();
        var missing = acknowledged.Where(p => !children.Contains(p[6..])).ToList();
        Assert.True(missing.Count == 0, $"server {member.Id} lacks {missing.Count} acknowledged writes, e.g. {string.Join(", ", missing.Take(5))}");
    }
}

/// <summary>
/// A client creating /load/wN in a loop (bounded in count, stopped by <see cref="StopAsync"/>); a create whose outcome
/// is unknown (connection lost) is not counted as acknowledged.
/// </summary>
internal sealed class LoadWriter
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private LoadWriter(string connect) => _loop = Task.Run(() => RunAsync(connect));

    public ConcurrentBag<string> Acknowledged { get; } = new();

    /// <summary>Creates /load (through <paramref name="connect"/>) and starts writing under it.</summary>
    public static async Task<LoadWriter> StartAsync(string connect)
    {
        await using (var setup = await EnsembleClient.ConnectAsync(connect)) await setup.CreateAsync("/load", "");
        return new LoadWriter(connect);
    }

    public async Task StopAsync()
    {
        _stop.Cancel();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(string connect)
    {
        await using var client = await EnsembleClient.ConnectAsync(connect, sessionTimeoutMs: 30_000);
        for (int n = 0; n < 100_000 && !_stop.IsCancellationRequested; n++)
        {
            string path = $"/load/w{n}";
            try
            {
                await client.CreateAsync(path, "x");
                Acknowledged.Add(path);
            }
            catch (KeeperException e) when (e.Code is ErrorCode.ConnectionLoss or ErrorCode.SessionExpired or ErrorCode.NodeExists)
            {
                await Task.Delay(50); // unknown outcome: not counted as acknowledged
            }
        }
    }
}
