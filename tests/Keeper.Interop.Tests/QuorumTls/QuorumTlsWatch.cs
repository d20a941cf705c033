using System.Diagnostics;
using Keeper.Interop.Tests.Ensemble;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.QuorumTls;

/// <summary>Bounded waits and checks the quorum TLS tests share.</summary>
internal static class QuorumTlsWatch
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    /// <summary>tickTime 500 keeps elections and initLimit short.</summary>
    public static Dictionary<string, string> ShortTicks => new() { ["tickTime"] = "500" };

    /// <summary>Waits (bounded) until some line of a member's output contains every one of <paramref name="parts"/>.</summary>
    public static async Task<string?> LineAsync(EnsembleMember member, TimeSpan within, params string[] parts)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var text = File.Exists(member.OutputFile) ? await File.ReadAllTextAsync(member.OutputFile) : "";
            var line = text.Split('\n').FirstOrDefault(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)));
            if (line is not null || clock.Elapsed > within) return line;
            await Task.Delay(250);
        }
    }

    /// <summary>Writes through each serving member, then reads every write back through each after a sync.</summary>
    public static async Task WriteThroughEachAndReadEverywhereAsync(Keeper.TestSupport.Ensemble ensemble, string prefix)
    {
        var running = new List<EnsembleMember>();
        foreach (var member in ensemble.Members)
            if (member.IsRunning && await member.ModeAsync() is not null) running.Add(member);
        Assert.True(running.Count >= 2, ensemble.Diagnostics());
        foreach (var writer in running)
        {
            await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(writer.ConnectString), Settle);
            await client.CreateAsync($"/{prefix}{writer.Id}", $"{writer.Kind} {writer.Id}");
        }

        foreach (var reader in running)
        {
            await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(reader.ConnectString), Settle);
            await client.SyncAsync("/");
            foreach (var writer in running)
                Assert.Equal($"{writer.Kind} {writer.Id}", await client.ReadAsync($"/{prefix}{writer.Id}"));
        }
    }

    /// <summary>
    /// Kills the leader of a mixed ensemble: a member of the other kind must take over and serve writes through every
    /// member; then the old leader comes back as a learner of the other kind (over whatever the quorum runs: TLS,
    /// SASL) and catches up.
    /// </summary>
    public static async Task FailOverToTheOtherKindAndCatchUpAsync(Keeper.TestSupport.Ensemble ensemble, EnsembleMember leader)
    {
        await leader.KillAsync();
        var next = await ensemble.WaitForQuorumAsync(Settle);
        Assert.True(next.Kind != leader.Kind, $"{leader.Kind} {leader.Id} led, then {next.Kind} {next.Id}\n{ensemble.Diagnostics()}");
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "next");

        leader.Start();
        await ensemble.WaitForQuorumAsync(Settle);
        await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(leader.ConnectString), Settle);
        await client.SyncAsync("/");
        foreach (var member in ensemble.Members.Where(m => m.Id != leader.Id))
            Assert.Equal($"{member.Kind} {member.Id}", await client.ReadAsync($"/next{member.Id}"));
    }

    /// <summary>Asserts a member stays out of the quorum (never serves) for the whole of <paramref name="during"/>.</summary>
    public static async Task AssertNeverServesAsync(Keeper.TestSupport.Ensemble ensemble, EnsembleMember member, TimeSpan during)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < during)
        {
            var mode = await member.ModeAsync();
            Assert.True(mode is null, $"server {member.Id} joined as {mode}\n{ensemble.Diagnostics()}");
            await Task.Delay(500);
        }
    }
}
