using Keeper.Simulation.Tests.Linearizability.Models;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>A set such as one parent's children: creates (Add), deletes (Remove) and getChildren (ReadAll).</summary>
public class SetHistoryTests
{
    private static Operation<SetInput<int>, SetOutput<int>> Op(int client, long invoked, long returned, SetInput<int> input, SetOutput<int> output) =>
        Operation<SetInput<int>, SetOutput<int>>.Completed(client, invoked, input, returned, output);

    private static Verdict Check(params Operation<SetInput<int>, SetOutput<int>>[] history) =>
        LinearizabilityChecker.Check(SetModel<int>.Instance, history).Verdict;

    private static SetInput<int> Add(int x) => SetInput<int>.Add(x);

    private static SetInput<int> ReadAll => SetInput<int>.ReadAll();

    private static SetOutput<int> Added => SetOutput<int>.Added;

    private static SetOutput<int> Saw(params int[] items) => SetOutput<int>.Read(items);

    [Fact]
    public void A_read_during_concurrent_adds_may_see_any_of_them_and_a_read_after_sees_all() =>
        Assert.Equal(Verdict.Linearizable, Check(
            Op(1, 0, 50, Add(1), Added),
            Op(2, 0, 50, Add(2), Added),
            Op(3, 10, 20, ReadAll, Saw(2)),
            Op(3, 60, 70, ReadAll, Saw(1, 2))));

    [Fact]
    public void A_read_after_a_completed_add_must_include_it() =>
        Assert.Equal(Verdict.NotLinearizable, Check(
            Op(1, 0, 10, Add(1), Added),
            Op(2, 20, 30, ReadAll, Saw())));

    [Fact]
    public void A_read_must_not_see_an_element_never_added() =>
        Assert.Equal(Verdict.NotLinearizable, Check(
            Op(1, 0, 10, Add(1), Added),
            Op(2, 5, 30, ReadAll, Saw(1, 7))));

    [Fact]
    public void Readers_must_agree_on_the_order_of_concurrent_adds() =>
        Assert.Equal(Verdict.NotLinearizable, Check(
            Op(1, 0, 100, Add(1), Added),
            Op(2, 0, 100, Add(2), Added),
            Op(3, 10, 20, ReadAll, Saw(1)),
            Op(4, 10, 20, ReadAll, Saw(2))));

    [Fact]
    public void Of_two_concurrent_adds_of_one_element_exactly_one_creates_it()
    {
        Assert.Equal(Verdict.Linearizable, Check(
            Op(1, 0, 10, Add(1), Added),
            Op(2, 0, 10, Add(1), SetOutput<int>.AlreadyPresent)));
        Assert.Equal(Verdict.NotLinearizable, Check(
            Op(1, 0, 10, Add(1), Added),
            Op(2, 0, 10, Add(1), Added)));
    }

    [Fact]
    public void Remove_reports_whether_the_element_was_there() =>
        Assert.Equal(Verdict.Linearizable, Check(
            Op(1, 0, 10, Add(1), Added),
            Op(1, 20, 30, SetInput<int>.Remove(1), SetOutput<int>.Removed),
            Op(2, 40, 50, SetInput<int>.Remove(1), SetOutput<int>.WasAbsent),
            Op(2, 60, 70, ReadAll, Saw())));

    [Fact]
    public void A_lost_add_may_appear_later_and_then_stays() // e.g. a sequential create whose reply was lost
    {
        var lost = Operation<SetInput<int>, SetOutput<int>>.Unknown(1, 0, Add(9));
        Assert.Equal(Verdict.Linearizable, Check(lost, Op(2, 10, 20, ReadAll, Saw()), Op(2, 30, 40, ReadAll, Saw(9))));
        Assert.Equal(Verdict.NotLinearizable, Check(lost, Op(2, 10, 20, ReadAll, Saw(9)), Op(2, 30, 40, ReadAll, Saw())));
    }

    [Fact]
    public void Set_states_with_the_same_elements_are_equal_whatever_the_order_they_came_in()
    {
        var a = SetState<int>.Empty.Add(1).Add(2).Add(3);
        var b = SetState<int>.Empty.Add(3).Add(1).Add(2).Add(2);
        Assert.True(SetModel<int>.Instance.StateEquals(a, b));
        Assert.Equal(SetModel<int>.Instance.StateHash(a), SetModel<int>.Instance.StateHash(b));
        Assert.False(SetModel<int>.Instance.StateEquals(a, b.Remove(2)));
    }
}
