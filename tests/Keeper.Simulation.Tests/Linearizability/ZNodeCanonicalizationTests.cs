using Keeper.Simulation.Tests.Linearizability.Models;
using static Keeper.Simulation.Tests.Linearizability.ZNodeHistory;
using In = Keeper.Simulation.Tests.Linearizability.Models.ZNodeInput;
using Out = Keeper.Simulation.Tests.Linearizability.Models.ZNodeOutput;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// The znode model erases data that no read returned before searching; that must never change a verdict.
/// </summary>
public class ZNodeCanonicalizationTests
{
    private const string P = "/c";

    [Fact]
    public void Only_data_nobody_read_is_erased_and_all_of_it_becomes_one_value()
    {
        Operation<In, Out>[] history =
        [
            Op(1, 0, 1, In.Create(P, "seen"), Out.Ok),
            Op(1, 2, 3, In.Read(P), Out.Value("seen", 0)),
            Op(1, 4, 5, In.Write(P, "unseen1"), Out.Written(1)),
            Lost(2, 6, In.Write(P, "unseen2")),
        ];
        var canonical = ZNodeModel.Instance.Canonicalize(history);
        Assert.Equal("seen", canonical[0].Input.Data);
        Assert.NotEqual("unseen1", canonical[2].Input.Data);
        Assert.Equal(canonical[2].Input.Data, canonical[3].Input.Data);
        Assert.Equal(history[2].Output, canonical[2].Output);
    }

    [Fact]
    public void The_placeholder_never_equals_a_value_that_was_read()
    {
        // Had "q" become "(data never read)", the stale read would match it.
        AssertNotLinearizable(
            Op(1, 0, 1, In.Create(P, "(data never read)"), Out.Ok),
            Op(1, 10, 20, In.Write(P, "q"), Out.Written(1)),
            Op(1, 30, 40, In.Read(P), Out.Value("(data never read)", 1)));
    }

    [Fact]
    public void A_failure_is_explained_with_the_recorded_data_not_the_placeholder()
    {
        var result = AssertNotLinearizable(
            Op(1, 0, 1, In.Create(P, "a"), Out.Ok),
            Op(1, 10, 20, In.Write(P, "unread"), Out.Written(1)),
            Op(2, 15, 25, In.Read(P), Out.Value("a", 1)));
        Assert.Contains("Write(/c, \"unread\")", result.Explanation);
    }
}
