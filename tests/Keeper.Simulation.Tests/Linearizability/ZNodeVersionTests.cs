using static Keeper.Simulation.Tests.Linearizability.ZNodeHistory;
using In = Keeper.Simulation.Tests.Linearizability.Models.ZNodeInput;
using Out = Keeper.Simulation.Tests.Linearizability.Models.ZNodeOutput;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>ZooKeeper's dataVersion rules, as the versioned-register model must enforce them.</summary>
public class ZNodeVersionTests
{
    private const string P = "/v";

    [Fact]
    public void Create_starts_dataVersion_at_0_and_each_setData_adds_1() => AssertLinearizable(
        Op(1, 0, 1, In.Create(P, "a"), Out.Ok),
        Op(1, 2, 3, In.Read(P), Out.Value("a", 0)),
        Op(1, 4, 5, In.Write(P, "b"), Out.Written(1)),
        Op(1, 6, 7, In.Write(P, "b"), Out.Written(2)), // same data, still a new version
        Op(1, 8, 9, In.Read(P), Out.Value("b", 2)));

    [Fact]
    public void A_setData_that_reports_a_skipped_version_is_a_violation() => AssertNotLinearizable(
        Op(1, 0, 1, In.Create(P, "a"), Out.Ok),
        Op(1, 4, 5, In.Write(P, "b"), Out.Written(2)));

    [Fact]
    public void A_read_with_the_right_data_and_the_wrong_version_is_a_violation() => AssertNotLinearizable(
        Op(1, 0, 1, In.Create(P, "a"), Out.Ok),
        Op(1, 4, 5, In.Write(P, "b"), Out.Written(1)),
        Op(1, 6, 7, In.Read(P), Out.Value("b", 0)));

    [Fact]
    public void CompareAndSet_succeeds_on_the_current_version_and_fails_BadVersion_on_another()
    {
        AssertLinearizable(
            Op(1, 0, 1, In.Create(P, "a"), Out.Ok),
            Op(1, 2, 3, In.CompareAndSet(P, 0, "b"), Out.Written(1)),
            Op(1, 4, 5, In.CompareAndSet(P, 0, "c"), Out.BadVersion),
            Op(1, 6, 7, In.Read(P), Out.Value("b", 1)));
        AssertNotLinearizable(
            Op(1, 0, 1, In.Create(P, "a"), Out.Ok),
            Op(1, 2, 3, In.CompareAndSet(P, 0, "b"), Out.Written(1)),
            Op(1, 4, 5, In.CompareAndSet(P, 0, "c"), Out.Written(2)));
    }

    [Fact]
    public void Of_two_concurrent_CompareAndSets_on_one_version_exactly_one_wins()
    {
        AssertLinearizable(
            Op(0, 0, 1, In.Create(P, "a"), Out.Ok),
            Op(1, 10, 30, In.CompareAndSet(P, 0, "x"), Out.BadVersion),
            Op(2, 15, 25, In.CompareAndSet(P, 0, "y"), Out.Written(1)));
        AssertNotLinearizable(
            Op(0, 0, 1, In.Create(P, "a"), Out.Ok),
            Op(1, 10, 30, In.CompareAndSet(P, 0, "x"), Out.Written(1)),
            Op(2, 15, 25, In.CompareAndSet(P, 0, "y"), Out.Written(1)));
        // Both failing is also wrong: nothing else moved the version.
        AssertNotLinearizable(
            Op(0, 0, 1, In.Create(P, "a"), Out.Ok),
            Op(1, 10, 30, In.CompareAndSet(P, 0, "x"), Out.BadVersion),
            Op(2, 15, 25, In.CompareAndSet(P, 0, "y"), Out.BadVersion));
    }

    [Fact]
    public void Version_minus_1_matches_any_version() => AssertLinearizable(
        Op(1, 0, 1, In.Create(P, "a"), Out.Ok),
        Op(1, 2, 3, In.Write(P, "b"), Out.Written(1)),
        Op(1, 4, 5, In.CompareAndSet(P, In.AnyVersion, "c"), Out.Written(2)),
        Op(1, 6, 7, In.Delete(P, In.AnyVersion), Out.Ok));

    [Fact]
    public void Delete_checks_the_version_and_a_recreated_node_starts_again_at_0() => AssertLinearizable(
        Op(1, 0, 1, In.Create(P, "a"), Out.Ok),
        Op(1, 2, 3, In.Write(P, "b"), Out.Written(1)),
        Op(1, 4, 5, In.Delete(P, 0), Out.BadVersion),
        Op(1, 6, 7, In.Delete(P, 1), Out.Ok),
        Op(1, 8, 9, In.Read(P), Out.NoNode),
        Op(1, 10, 11, In.Create(P, "c"), Out.Ok),
        Op(1, 12, 13, In.Read(P), Out.Value("c", 0)));

    [Fact]
    public void A_recreated_node_that_keeps_counting_versions_is_a_violation() => AssertNotLinearizable(
        Op(1, 0, 1, In.Create(P, "a"), Out.Ok),
        Op(1, 2, 3, In.Write(P, "b"), Out.Written(1)),
        Op(1, 6, 7, In.Delete(P), Out.Ok),
        Op(1, 10, 11, In.Create(P, "c"), Out.Ok),
        Op(1, 12, 13, In.Read(P), Out.Value("c", 2)));

    [Fact]
    public void On_a_missing_node_every_update_is_NoNode_before_any_version_is_compared()
    {
        AssertLinearizable(
            Op(1, 0, 1, In.Write(P, "a"), Out.NoNode),
            Op(1, 2, 3, In.CompareAndSet(P, 5, "a"), Out.NoNode),
            Op(1, 4, 5, In.Delete(P, 5), Out.NoNode),
            Op(1, 6, 7, In.Read(P), Out.NoNode));
        AssertNotLinearizable(Op(1, 2, 3, In.CompareAndSet(P, 5, "a"), Out.BadVersion));
        AssertNotLinearizable(Op(1, 4, 5, In.Delete(P, 5), Out.BadVersion));
    }

    [Fact]
    public void Create_of_an_existing_node_is_NodeExists_and_changes_nothing() => AssertLinearizable(
        Op(1, 0, 1, In.Create(P, "a"), Out.Ok),
        Op(2, 2, 3, In.Create(P, "b"), Out.NodeExists),
        Op(1, 4, 5, In.Read(P), Out.Value("a", 0)));

    [Fact]
    public void Two_concurrent_creates_cannot_both_succeed() => AssertNotLinearizable(
        Op(1, 0, 10, In.Create(P, "a"), Out.Ok),
        Op(2, 2, 12, In.Create(P, "b"), Out.Ok));
}
