using Keeper.Simulation.Tests.Linearizability.Models;
using Xunit.Abstractions;
using In = Keeper.Simulation.Tests.Linearizability.Models.ZNodeInput;
using Out = Keeper.Simulation.Tests.Linearizability.Models.ZNodeOutput;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// The checker agrees with <see cref="BruteForce"/> on many tiny random histories — znode histories of a
/// real object, half with one answer tampered with, and set histories with random answers — so both
/// verdicts occur, many with lost answers, bounded or not. This is
/// what makes the pruning (cache, twins, no-op skip, omission, unread-data erasure, partitions) trustworthy.
/// </summary>
public class OracleTests(ITestOutputHelper output)
{
    [Fact]
    public void The_checker_agrees_with_brute_force_on_tiny_znode_histories()
    {
        var random = new Random(7);
        int linearizable = 0, violations = 0;
        for (var n = 0; n < 1_500; n++)
        {
            var options = new RandomZNodeHistory.Options(
                Seed: random.Next(), Operations: random.Next(2, 8), Clients: random.Next(1, 4), Paths: random.Next(1, 3),
                LostFraction: random.Next(3) * 0.2, LostLatestEffect: random.Next(2) == 0 ? Operation<In, Out>.Never : random.Next(1, 8),
                MaxGap: 3, MaxDuration: 4, Ties: true); // coarse times: many ties and overlaps
            var history = RandomZNodeHistory.Generate(options);
            if (random.Next(2) == 0)
                Tamper(history, random);

            var expected = BruteForce.IsLinearizable(ZNodeModel.Instance, history, input => input.Path);
            var result = LinearizabilityChecker.Check(ZNodeModel.Instance, history);
            Assert.True(result.Verdict == (expected ? Verdict.Linearizable : Verdict.NotLinearizable),
                $"history {n} ({options}): brute force says {expected}, checker {result}\n" + string.Join("\n", history));
            if (expected)
                linearizable++;
            else
                violations++;
        }
        output.WriteLine($"{linearizable} linearizable, {violations} not");
        Assert.InRange(violations, 200, 1_300);
    }

    [Fact]
    public void The_checker_agrees_with_brute_force_on_tiny_set_histories()
    {
        var random = new Random(8);
        int linearizable = 0, violations = 0;
        for (var n = 0; n < 1_500; n++)
        {
            var history = TinySetHistory(random);
            var expected = BruteForce.IsLinearizable(SetModel<int>.Instance, history, _ => 0);
            var result = LinearizabilityChecker.Check(SetModel<int>.Instance, history);
            Assert.True(result.Verdict == (expected ? Verdict.Linearizable : Verdict.NotLinearizable),
                $"history {n}: brute force says {expected}, checker {result}\n" + string.Join("\n", history));
            if (expected)
                linearizable++;
            else
                violations++;
        }
        output.WriteLine($"{linearizable} linearizable, {violations} not");
        Assert.InRange(violations, 200, 1_300);
    }

    /// <summary>
    /// Random intervals on a coarse clock over elements 0-2, answers drawn at random (not from a real set),
    /// so both verdicts are common; some requests lost.
    /// </summary>
    private static List<Operation<SetInput<int>, SetOutput<int>>> TinySetHistory(Random random)
    {
        var history = new List<Operation<SetInput<int>, SetOutput<int>>>();
        var count = random.Next(1, 7);
        for (var i = 0; i < count; i++)
        {
            var invoked = random.Next(0, 8);
            var x = random.Next(3);
            var kind = random.Next(3);
            var input = kind switch { 0 => SetInput<int>.Add(x), 1 => SetInput<int>.Remove(x), _ => SetInput<int>.ReadAll() };
            if (random.Next(5) == 0)
            {
                history.Add(Operation<SetInput<int>, SetOutput<int>>.Unknown(i, invoked, input, random.Next(2) == 0 ? Operation<SetInput<int>, SetOutput<int>>.Never : invoked + random.Next(0, 4)));
                continue;
            }
            var answer = kind == 2
                ? SetOutput<int>.Read(Enumerable.Range(0, 3).Where(_ => random.Next(2) == 0).ToArray())
                : new SetOutput<int>(random.Next(4) > 0, null);
            history.Add(Operation<SetInput<int>, SetOutput<int>>.Completed(i, invoked, input, invoked + random.Next(0, 4), answer));
        }
        return history;
    }

    /// <summary>Changes one answer the way a buggy server might: a version off by one, another op's data, a wrong code.</summary>
    private static void Tamper(List<Operation<In, Out>> history, Random random)
    {
        var completed = new List<int>();
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].OutcomeKnown)
                completed.Add(i);
        }
        if (completed.Count == 0)
            return;
        var target = completed[random.Next(completed.Count)];
        var op = history[target];
        var other = history[random.Next(history.Count)].Input.Data ?? "x";
        var tampered = random.Next(4) switch
        {
            0 => op.Output with { Version = op.Output.Version + (random.Next(2) == 0 ? 1 : -1) },
            1 => op.Input.Kind == ZNodeOpKind.Read ? Out.Value(other, random.Next(0, 3)) : op.Output with { Version = random.Next(0, 3) },
            2 => op.Output with { Code = (ZNodeCode)random.Next(4), Data = op.Input.Kind == ZNodeOpKind.Read ? other : null },
            _ => op.Output.Code == ZNodeCode.Ok ? Out.NoNode : Out.Value(other, random.Next(0, 3)),
        };
        history[target] = op with { Output = tampered };
    }
}
