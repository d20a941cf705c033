using Keeper.Simulation.Tests.Linearizability.Models;
using static Keeper.Simulation.Tests.Linearizability.ZNodeHistory;
using In = Keeper.Simulation.Tests.Linearizability.Models.ZNodeInput;
using Out = Keeper.Simulation.Tests.Linearizability.Models.ZNodeOutput;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// P-compositionality: a history is linearizable iff its sub-history on each znode is, so paths are
/// checked one at a time.
/// </summary>
public class PartitionTests
{
    [Fact]
    public void Each_path_is_one_partition_in_order_of_first_appearance()
    {
        Operation<In, Out>[] history =
        [
            Op(1, 0, 1, In.Create("/b", "1"), Out.Ok),
            Op(1, 2, 3, In.Create("/a", "2"), Out.Ok),
            Op(1, 4, 5, In.Read("/b"), Out.Value("1", 0)),
        ];
        var parts = ZNodeModel.Instance.Partition(history);
        Assert.Equal(2, parts.Count);
        Assert.Equal([0, 2], parts[0]);
        Assert.Equal([1], parts[1]);
        Assert.Equal(2, Check(history).Partitions);
    }

    [Fact]
    public void Operations_on_other_paths_do_not_constrain_a_path() => AssertLinearizable(
        Op(1, 0, 1, In.Create("/a", "x"), Out.Ok),
        Op(2, 0, 1, In.Create("/b", "y"), Out.Ok),
        Op(1, 10, 20, In.Write("/a", "x2"), Out.Written(1)),
        Op(2, 30, 40, In.Read("/b"), Out.Value("y", 0)),
        Op(2, 50, 60, In.Read("/a"), Out.Value("x2", 1)));

    [Fact]
    public void A_violation_on_one_path_is_reported_with_its_operations_only()
    {
        var result = AssertNotLinearizable(
            Op(1, 0, 1, In.Create("/a", "x"), Out.Ok),
            Op(2, 0, 1, In.Create("/b", "y"), Out.Ok),
            Op(1, 10, 20, In.Write("/b", "y2"), Out.Written(1)),
            Op(2, 30, 40, In.Read("/a"), Out.Value("x", 0)),
            Op(2, 50, 60, In.Read("/b"), Out.Value("y", 0)));
        Assert.StartsWith("partition 2/2", result.Explanation);
        Assert.Contains("#4 client 2 [50, 60] Read(/b)", result.Explanation);
        Assert.DoesNotContain("/a", result.Explanation);
    }

    [Fact]
    public void A_path_that_exhausts_the_budget_does_not_hide_a_violation_on_another()
    {
        // /slow: lost writes and a stale read at the end, which takes more than the tiny budget to refute;
        // /b, checked after it: a plain stale read.
        var history = new List<Operation<In, Out>> { Op(0, 0, 1, In.Create("/slow", "a"), Out.Ok) };
        for (var i = 0; i < 30; i++)
        {
            var t = 100L * (i + 1);
            history.Add(Lost(1, t, In.Write("/slow", $"lost{i}")));
            history.Add(Op(2, t + 60, t + 70, In.Write("/slow", $"w{i}"), Out.Written(i + 1)));
        }
        history.Add(Op(3, 100_000, 100_010, In.Read("/slow"), Out.Value("w0", 1)));
        history.Add(Op(4, 0, 1, In.Create("/b", "y"), Out.Ok));
        history.Add(Op(4, 10, 20, In.Write("/b", "y2"), Out.Written(1)));
        history.Add(Op(4, 30, 40, In.Read("/b"), Out.Value("y", 0)));

        var tiny = new CheckBudget(500, TimeSpan.FromSeconds(10));
        var slowOnly = LinearizabilityChecker.Check(ZNodeModel.Instance, history.Take(history.Count - 3).ToArray(), tiny);
        Assert.Equal(Verdict.Unknown, slowOnly.Verdict);
        var result = LinearizabilityChecker.Check(ZNodeModel.Instance, history, tiny);
        Assert.True(result.Verdict == Verdict.NotLinearizable, result.ToString());
        Assert.Contains("Read(/b)", result.Explanation);
    }
}
