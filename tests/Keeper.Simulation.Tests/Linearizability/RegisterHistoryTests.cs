using Keeper.Simulation.Tests.Linearizability.Models;
using static Keeper.Simulation.Tests.Linearizability.ZNodeHistory;
using In = Keeper.Simulation.Tests.Linearizability.Models.ZNodeInput;
using Out = Keeper.Simulation.Tests.Linearizability.Models.ZNodeOutput;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>The classic register cases, on one znode created with "a" (version 0) before anything else.</summary>
public class RegisterHistoryTests
{
    private const string P = "/r";

    private static Operation<In, Out> Created(string data = "a") => Op(0, 0, 1, In.Create(P, data), Out.Ok);

    [Fact]
    public void The_empty_history_is_linearizable() => AssertLinearizable();

    [Fact]
    public void Sequential_write_then_read_is_linearizable() => AssertLinearizable(
        Created(),
        Op(1, 10, 20, In.Write(P, "b"), Out.Written(1)),
        Op(2, 30, 40, In.Read(P), Out.Value("b", 1)));

    [Fact]
    public void A_read_after_a_completed_write_must_not_see_the_old_value()
    {
        var result = AssertNotLinearizable(
            Created(),
            Op(1, 10, 20, In.Write(P, "b"), Out.Written(1)),
            Op(2, 30, 40, In.Read(P), Out.Value("a", 0)));
        // The explanation names the read that could not be placed.
        Assert.Contains("#2 client 2 [30, 40] Read(/r)", result.Explanation);
    }

    [Fact]
    public void A_read_concurrent_with_a_write_may_see_the_old_or_the_new_value()
    {
        AssertLinearizable(Created(), Op(1, 10, 30, In.Write(P, "b"), Out.Written(1)), Op(2, 15, 25, In.Read(P), Out.Value("a", 0)));
        AssertLinearizable(Created(), Op(1, 10, 30, In.Write(P, "b"), Out.Written(1)), Op(2, 15, 25, In.Read(P), Out.Value("b", 1)));
    }

    [Fact]
    public void Once_a_read_saw_the_new_value_a_later_read_must_not_see_the_old_one() => AssertNotLinearizable(
        Created(),
        Op(1, 10, 100, In.Write(P, "b"), Out.Written(1)),
        Op(2, 20, 30, In.Read(P), Out.Value("b", 1)),
        Op(3, 40, 50, In.Read(P), Out.Value("a", 0)));

    [Fact]
    public void Concurrent_writes_may_take_effect_in_either_order()
    {
        // x first then y ...
        AssertLinearizable(
            Created(),
            Op(1, 10, 30, In.Write(P, "x"), Out.Written(1)),
            Op(2, 15, 35, In.Write(P, "y"), Out.Written(2)),
            Op(3, 40, 50, In.Read(P), Out.Value("y", 2)));
        // ... or y first then x, even though x was invoked first.
        AssertLinearizable(
            Created(),
            Op(1, 10, 30, In.Write(P, "x"), Out.Written(2)),
            Op(2, 15, 35, In.Write(P, "y"), Out.Written(1)),
            Op(3, 40, 50, In.Read(P), Out.Value("x", 2)));
    }

    [Fact]
    public void Readers_must_agree_on_the_order_of_concurrent_writes()
    {
        // Each reader alone is fine; together they saw x and y each overwrite the other.
        AssertNotLinearizable(
            Created(),
            Op(1, 10, 100, In.Write(P, "x"), Out.Written(1)),
            Op(2, 10, 100, In.Write(P, "y"), Out.Written(1)),
            Op(3, 20, 30, In.Read(P), Out.Value("x", 1)),
            Op(3, 40, 50, In.Read(P), Out.Value("y", 1)),
            Op(4, 20, 30, In.Read(P), Out.Value("y", 1)),
            Op(4, 40, 50, In.Read(P), Out.Value("x", 1)));
    }

    [Fact]
    public void After_both_concurrent_writes_completed_every_read_sees_the_one_that_went_last() => AssertNotLinearizable(
        Created(),
        Op(1, 10, 30, In.Write(P, "x"), Out.Written(1)),
        Op(2, 15, 35, In.Write(P, "y"), Out.Written(2)),
        Op(3, 40, 50, In.Read(P), Out.Value("x", 2)));

    [Fact]
    public void A_read_must_not_see_a_value_never_written() => AssertNotLinearizable(
        Created(),
        Op(1, 10, 20, In.Write(P, "b"), Out.Written(1)),
        Op(2, 15, 25, In.Read(P), Out.Value("z", 1)));

    [Fact]
    public void A_read_must_not_see_a_write_invoked_after_it_returned() => AssertNotLinearizable(
        Created(),
        Op(2, 5, 8, In.Read(P), Out.Value("b", 1)),
        Op(1, 10, 20, In.Write(P, "b"), Out.Written(1)));

    [Fact]
    public void Events_at_the_same_instant_count_as_concurrent()
    {
        // The read was invoked at the instant the write returned; either order is allowed. A recorder that
        // knows the write finished first must give the read a later time.
        AssertLinearizable(
            Created(),
            Op(1, 10, 20, In.Write(P, "b"), Out.Written(1)),
            Op(2, 20, 30, In.Read(P), Out.Value("a", 0)));
    }

    [Fact]
    public void Before_its_create_a_node_does_not_exist() => AssertLinearizable(
        Op(2, 0, 5, In.Read(P), Out.NoNode),
        Created("a") with { Invoked = 10, Returned = 20 },
        Op(2, 30, 40, In.Read(P), Out.Value("a", 0)));
}
