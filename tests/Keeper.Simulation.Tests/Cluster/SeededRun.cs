using Keeper.Simulation.Tests.Linearizability;
using Keeper.Simulation.Tests.Linearizability.Models;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>What one seed did, and why it failed if it did.</summary>
internal sealed record RunResult(int Seed, SimOptions Options, string? Failure, string Summary, string TraceTail, ulong TraceHash, Verdict? Linearizability,
    IReadOnlyDictionary<string, int> Counters)
{
    public bool Passed => Failure is null;

    public string Report() =>
        $"seed {Seed} FAILED: {Failure}\n  options: {Options}\n  {Summary}\n  replay: {(Options.RealDisk ? "KEEPER_SIM_REAL_DISK=1 " : "")}KEEPER_SIM_SEED={Seed} dotnet test tests/Keeper.Simulation.Tests " +
        $"--filter FullyQualifiedName~SeededScheduleTests\n  trace (tail):\n{TraceTail}";
}

/// <summary>
/// One seeded schedule end to end: chaos, then a full heal, then the four checks — liveness (a serving
/// quorum within a bound, and every server serving after it settles), no acknowledged txn lost on any
/// serving server, state-machine safety (checked throughout by <see cref="SafetyMonitor"/>) and
/// linearizability of the clients' history.
/// </summary>
internal static class SeededRun
{
    public static RunResult Run(int seed, SimOptions? options = null, int traceLines = 120, bool realDisk = false)
    {
        options ??= SimOptions.ForSeed(seed) with { RealDisk = realDisk };
        using var sim = new Simulation(seed, options);
        string? failure = null;
        Verdict? verdict = null;
        try
        {
            failure = Drive(sim, options, out verdict);
        }
        catch (ViolationException e)
        {
            failure = e.Message;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            sim.Trace.Add("EXCEPTION " + e);
            failure = $"{e.GetType().Name}: {e.Message}";
        }
        var summary = $"ended at {sim.Clock.Now} ms after {sim.Clock.Executed} events; {sim.History.Count} client ops " +
                      $"({sim.History.Answered} answered, {sim.History.Refused} refused, {sim.History.Unknown} unknown), " +
                      $"{sim.Monitor.CommittedCount} txns committed; " +
                      string.Join(", ", sim.Counters.Select(c => $"{c.Key} {c.Value}"));
        return new RunResult(seed, options, failure, summary, failure is null && traceLines < int.MaxValue ? "" : sim.Trace.Tail(traceLines), sim.Trace.Hash, verdict, sim.Counters);
    }

    private static string? Drive(Simulation sim, SimOptions options, out Verdict? verdict)
    {
        verdict = null;
        sim.StartAll();
        sim.StartClients();
        new FaultInjector(sim).Schedule(options.ChaosMs);
        sim.Clock.RunUntil(options.ChaosMs, options.MaxEvents);

        sim.HealAll();
        long healedAt = sim.Clock.Now;
        if (!sim.RunUntil(() => sim.ServingLeader() is not null, options.LivenessBoundMs))
            return $"liveness: no leader serving with a quorum {options.LivenessBoundMs} ms after the heal";
        sim.Trace.Add($"a quorum serves {sim.Clock.Now - healedAt} ms after the heal");
        sim.RunFor(options.AfterHealMs);

        sim.StopClients();
        if (!sim.RunUntil(() => sim.Clients.All(c => c.Idle), options.ClientTimeoutMs + 1_000))
            return "clients still waiting after their timeout";
        if (!sim.RunUntil(sim.AllServing, options.LivenessBoundMs))
            return $"liveness: not every server serves under one leader {options.LivenessBoundMs} ms after the clients stopped";
        sim.RunFor(2_000); // the last commits reach everyone

        return FinalChecks(sim, out verdict);
    }

    /// <summary>After everything healed and settled: no acknowledged txn missing anywhere, and a linearizable history.</summary>
    public static string? FinalChecks(Simulation sim, out Verdict? verdict)
    {
        verdict = null;
        foreach (var server in sim.Servers.Where(s => s.IsServing))
        {
            var applied = server.State.Applied.ToDictionary(a => a.Zxid, a => a.Data);
            foreach (var (zxid, data) in sim.AcknowledgedTxns)
                if (!applied.TryGetValue(zxid, out var there) || !there.AsSpan().SequenceEqual(data))
                    return $"durability: acknowledged txn 0x{zxid:x} {KvOp.Decode(data)} is not in serving server {server.Id}'s state";
            sim.Monitor.CheckCommitted(server);
        }

        var result = LinearizabilityChecker.Check(ZNodeModel.Instance, sim.History.Build(), new CheckBudget(2_000_000, TimeSpan.FromSeconds(20)));
        verdict = result.Verdict;
        if (result.Verdict == Verdict.NotLinearizable) return "linearizability: " + result;
        return null;
    }
}
