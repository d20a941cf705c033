using Keeper.Simulation.Tests.Linearizability.Models;
using Xunit.Abstractions;
using In = Keeper.Simulation.Tests.Linearizability.Models.ZNodeInput;
using Out = Keeper.Simulation.Tests.Linearizability.Models.ZNodeOutput;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// Histories the size a simulation run produces: ~2,000 overlapping requests from many clients on a few
/// znodes, some with lost answers. A linearizable one must be confirmed within budget, and one corrupted
/// read in it must be found.
/// </summary>
public class RandomHistoryTests(ITestOutputHelper output)
{
    // The budget a simulation run would give the checker. Over 15 seeds (Debug build, shared 2-core box) the
    // linearizable histories took 9k-130k steps (20-250 ms). Refuting a stale read took 70k-9.1M steps
    // (14 ms-1.9 s): every open-ended lost update stays a candidate to the end, so the work grows with how
    // many distinct ones are alive at once. With latest-effect times it stays small.
    private static readonly CheckBudget Budget = new(10_000_000, TimeSpan.FromSeconds(30));

    private static readonly RandomZNodeHistory.Options Large = new(Seed: 1, Operations: 2_000, Clients: 12, Paths: 3, LostFraction: 0.02);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_large_history_of_a_real_sequential_object_is_linearizable(int seed)
    {
        var history = RandomZNodeHistory.Generate(Large with { Seed = seed });
        var result = Check(history);
        Assert.True(result.Verdict == Verdict.Linearizable, result.ToString());
        Assert.Equal(3, result.Partitions);
    }

    [Fact]
    public void Lost_requests_with_a_latest_effect_time_are_confirmed_too()
    {
        var history = RandomZNodeHistory.Generate(Large with { Seed = 4, LostFraction = 0.05, LostLatestEffect = 300 });
        var result = Check(history);
        Assert.True(result.Verdict == Verdict.Linearizable, result.ToString());
    }

    [Fact]
    public void The_generated_history_exercises_every_kind_of_answer()
    {
        // Guards the generator: a history of only NoNode reads would prove nothing.
        var history = RandomZNodeHistory.Generate(Large);
        var answers = history.Where(op => op.OutcomeKnown).Select(op => (op.Input.Kind, op.Output.Code)).ToHashSet();
        Assert.Contains((ZNodeOpKind.Read, ZNodeCode.Ok), answers);
        Assert.Contains((ZNodeOpKind.Write, ZNodeCode.Ok), answers);
        Assert.Contains((ZNodeOpKind.CompareAndSet, ZNodeCode.Ok), answers);
        Assert.Contains((ZNodeOpKind.CompareAndSet, ZNodeCode.BadVersion), answers);
        Assert.Contains((ZNodeOpKind.Create, ZNodeCode.NodeExists), answers);
        Assert.Contains((ZNodeOpKind.Delete, ZNodeCode.Ok), answers);
        Assert.InRange(history.Count(op => !op.OutcomeKnown), 10, 80);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void One_stale_read_in_a_large_history_is_found(int seed, bool lostRequestsHaveLatestEffectTimes)
    {
        var options = Large with { Seed = seed };
        if (lostRequestsHaveLatestEffectTimes)
            options = options with { LostLatestEffect = 300 };
        var history = RandomZNodeHistory.Generate(options);
        var (read, stale) = StaleReadCorruption(history);
        history[read] = history[read] with { Output = stale };

        var result = Check(history);
        Assert.True(result.Verdict == Verdict.NotLinearizable, result.ToString());
        Assert.Contains($"#{read} ", result.Explanation);
    }

    [Fact]
    public void One_read_of_a_value_never_written_in_a_large_history_is_found()
    {
        var history = RandomZNodeHistory.Generate(Large);
        var read = history.FindLastIndex(op => op.OutcomeKnown && op.Input.Kind == ZNodeOpKind.Read && op.Output.Code == ZNodeCode.Ok);
        history[read] = history[read] with { Output = history[read].Output with { Data = "never written" } };

        var result = Check(history);
        Assert.True(result.Verdict == Verdict.NotLinearizable, result.ToString());
        Assert.Contains($"#{read} ", result.Explanation);
    }

    private CheckResult Check(List<Operation<In, Out>> history)
    {
        var result = LinearizabilityChecker.Check(ZNodeModel.Instance, history, Budget);
        output.WriteLine(result.ToString());
        return result;
    }

    /// <summary>
    /// Makes a read return what a successful update W' wrote although another successful update W on the
    /// same path came strictly after W' and strictly before the read. Data is unique per update, so only
    /// W' could have written it, and W sits between: no linearization exists — a ground truth that needs
    /// no second checker.
    /// </summary>
    private static (int Read, Out Stale) StaleReadCorruption(List<Operation<In, Out>> history)
    {
        for (var r = history.Count - 1; r >= 0; r--)
        {
            var read = history[r];
            if (!read.OutcomeKnown || read.Input.Kind != ZNodeOpKind.Read)
                continue;
            var w = LatestUpdateBefore(history, read.Input.Path, read.Invoked);
            if (w < 0)
                continue;
            var w0 = LatestUpdateBefore(history, read.Input.Path, history[w].Invoked);
            if (w0 < 0)
                continue;
            var old = history[w0];
            return (r, Out.Value(old.Input.Data!, old.Input.Kind == ZNodeOpKind.Create ? 0 : old.Output.Version));
        }
        throw new InvalidOperationException("no read to corrupt");
    }

    /// <summary>The successful create or setData on <paramref name="path"/> that returned last before <paramref name="time"/>.</summary>
    private static int LatestUpdateBefore(List<Operation<In, Out>> history, string path, long time)
    {
        var best = -1;
        for (var i = 0; i < history.Count; i++)
        {
            var op = history[i];
            if (op.OutcomeKnown && op.Input.Path == path && op.Returned < time && op.Output.Code == ZNodeCode.Ok &&
                op.Input.Kind is ZNodeOpKind.Create or ZNodeOpKind.Write or ZNodeOpKind.CompareAndSet &&
                (best < 0 || op.Returned > history[best].Returned))
                best = i;
        }
        return best;
    }
}
