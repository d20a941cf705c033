using Keeper.Simulation.Tests.Linearizability.Models;
using Xunit.Abstractions;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// One parent's children under concurrent creates, deletes and getChildren, generated like
/// <see cref="RandomZNodeHistory"/>: each request takes effect at a random instant of its interval on a
/// plain HashSet, which answers it. A set is one object, so nothing here can be partitioned.
/// </summary>
public class RandomSetHistoryTests(ITestOutputHelper output)
{
    private const int Operations = 600;

    [Fact]
    public void A_random_history_of_a_real_set_is_linearizable()
    {
        var result = LinearizabilityChecker.Check(SetModel<int>.Instance, Generate(seed: 11));
        output.WriteLine(result.ToString());
        Assert.True(result.Verdict == Verdict.Linearizable, result.ToString());
    }

    [Fact]
    public void A_getChildren_that_misses_a_child_created_long_before_is_found()
    {
        var history = Generate(seed: 11);
        // The last full read: drop an element whose add completed before the read began and that no remove touched.
        var read = history.FindLastIndex(op => op.Input.Kind == SetOpKind.ReadAll && op.Output.Items!.Count > 0);
        var victim = history[read].Output.Items!.First(x => !history.Any(op => op.Input.Kind == SetOpKind.Remove && op.Input.Element == x));
        var added = history.FindIndex(op => op.Input.Kind == SetOpKind.Add && op.Input.Element == victim && op.Output.Changed);
        Assert.True(history[added].Returned < history[read].Invoked);
        var items = history[read].Output.Items!.Where(x => x != victim).ToArray();
        history[read] = history[read] with { Output = SetOutput<int>.Read(items) };

        var result = LinearizabilityChecker.Check(SetModel<int>.Instance, history);
        output.WriteLine(result.ToString());
        Assert.True(result.Verdict == Verdict.NotLinearizable, result.ToString());
    }

    private static List<Operation<SetInput<int>, SetOutput<int>>> Generate(int seed)
    {
        var random = new Random(seed);
        const int clients = 6;
        var free = new long[clients];
        var slots = new List<(int Index, int Client, long Invoked, long Returned, long EffectAt)>();
        for (var i = 0; i < Operations; i++)
        {
            var client = random.Next(clients);
            var invoked = free[client] + random.Next(0, 10);
            var returned = invoked + 1 + random.Next(0, 30);
            slots.Add((i, client, invoked, returned, invoked + random.NextInt64(0, returned - invoked + 1)));
            free[client] = returned + 1;
        }

        var set = new HashSet<int>();
        var ops = new Operation<SetInput<int>, SetOutput<int>>[Operations];
        foreach (var s in slots.OrderBy(s => s.EffectAt).ThenBy(s => s.Index))
        {
            // Elements are few (0-39) so adds collide and removes find something.
            var x = random.Next(40);
            (SetInput<int> In, SetOutput<int> Out) step = random.Next(10) switch
            {
                < 5 => (SetInput<int>.Add(x), set.Add(x) ? SetOutput<int>.Added : SetOutput<int>.AlreadyPresent),
                < 7 => (SetInput<int>.Remove(x), set.Remove(x) ? SetOutput<int>.Removed : SetOutput<int>.WasAbsent),
                _ => (SetInput<int>.ReadAll(), SetOutput<int>.Read([.. set])),
            };
            ops[s.Index] = Operation<SetInput<int>, SetOutput<int>>.Completed(s.Client, s.Invoked, step.In, s.Returned, step.Out);
        }
        return [.. ops];
    }
}
