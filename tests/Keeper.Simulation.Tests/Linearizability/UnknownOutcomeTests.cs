using Keeper.Simulation.Tests.Linearizability.Models;
using static Keeper.Simulation.Tests.Linearizability.ZNodeHistory;
using In = Keeper.Simulation.Tests.Linearizability.Models.ZNodeInput;
using Out = Keeper.Simulation.Tests.Linearizability.Models.ZNodeOutput;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// Requests whose answer never came. In ZooKeeper a setData that failed with ConnectionLoss may have been
/// committed — at any moment after it was sent, however late — or never; the checker must allow both, and
/// nothing else.
/// </summary>
public class UnknownOutcomeTests
{
    private const string P = "/r";

    private static Operation<In, Out> Created() => Op(0, 0, 1, In.Create(P, "a"), Out.Ok);

    [Fact]
    public void A_lost_write_may_never_take_effect() => AssertLinearizable(
        Created(),
        Lost(1, 10, In.Write(P, "b")),
        Op(2, 100, 110, In.Read(P), Out.Value("a", 0)),
        Op(2, 1000, 1010, In.Read(P), Out.Value("a", 0)));

    [Fact]
    public void A_lost_write_may_take_effect_long_after_the_client_gave_up() => AssertLinearizable(
        Created(),
        Lost(1, 10, In.Write(P, "b")),
        Op(1, 50, 60, In.Read(P), Out.Value("a", 0)), // the same client, after its timeout, on a new connection
        Op(2, 100, 110, In.Read(P), Out.Value("a", 0)),
        Op(2, 1000, 1010, In.Read(P), Out.Value("b", 1)));

    [Fact]
    public void A_lost_write_cannot_take_effect_before_it_was_sent() => AssertNotLinearizable(
        Created(),
        Op(2, 2, 5, In.Read(P), Out.Value("b", 1)),
        Lost(1, 10, In.Write(P, "b")));

    [Fact]
    public void A_lost_write_that_was_seen_cannot_be_undone() => AssertNotLinearizable(
        Created(),
        Lost(1, 10, In.Write(P, "b")),
        Op(2, 100, 110, In.Read(P), Out.Value("b", 1)),
        Op(2, 200, 210, In.Read(P), Out.Value("a", 0)));

    [Fact]
    public void A_lost_write_takes_effect_at_most_once() => AssertNotLinearizable(
        Created(),
        Lost(1, 10, In.Write(P, "b")),
        Op(2, 100, 110, In.Read(P), Out.Value("b", 1)),
        Op(3, 150, 160, In.Write(P, "c"), Out.Written(2)),
        Op(2, 200, 210, In.Read(P), Out.Value("b", 3)));

    [Fact]
    public void A_lost_write_explains_a_version_that_moved_and_then_must_stay_applied()
    {
        // The CAS on version 0 failed: only the lost write can have moved the version.
        AssertLinearizable(
            Created(),
            Lost(1, 10, In.Write(P, "b")),
            Op(2, 100, 110, In.CompareAndSet(P, 0, "c"), Out.BadVersion),
            Op(2, 200, 210, In.Read(P), Out.Value("b", 1)));
        AssertNotLinearizable(
            Created(),
            Lost(1, 10, In.Write(P, "b")),
            Op(2, 100, 110, In.CompareAndSet(P, 0, "c"), Out.BadVersion),
            Op(2, 200, 210, In.Read(P), Out.Value("a", 0)));
    }

    [Fact]
    public void Two_lost_writes_may_apply_in_either_order_or_not_at_all()
    {
        Operation<In, Out>[] Lose2(string data, int version) =>
        [
            Created(), Lost(1, 10, In.Write(P, "x")), Lost(2, 20, In.Write(P, "y")),
            Op(3, 100, 110, In.Read(P), data == "a" ? Out.Value("a", 0) : Out.Value(data, version)),
        ];
        AssertLinearizable(Lose2("a", 0));
        AssertLinearizable(Lose2("x", 1));
        AssertLinearizable(Lose2("y", 1));
        AssertLinearizable(Lose2("x", 2));
        AssertLinearizable(Lose2("y", 2));
        AssertNotLinearizable(Lose2("x", 3));
    }

    [Fact]
    public void A_create_retried_after_ConnectionLoss_may_find_its_own_node()
    {
        // The classic ZooKeeper case: the first create committed, its reply was lost, the retry says NodeExists.
        AssertLinearizable(
            Lost(1, 0, In.Create(P, "mine")),
            Op(1, 50, 60, In.Create(P, "mine"), Out.NodeExists),
            Op(1, 70, 80, In.Read(P), Out.Value("mine", 0)));
    }

    [Fact]
    public void A_lost_delete_may_remove_the_node_later() => AssertLinearizable(
        Created(),
        Lost(1, 10, In.Delete(P, 0)),
        Op(2, 100, 110, In.Read(P), Out.Value("a", 0)),
        Op(2, 200, 210, In.Read(P), Out.NoNode));

    [Fact]
    public void A_lost_compare_and_set_on_a_stale_version_changes_nothing() => AssertNotLinearizable(
        Created(),
        Op(2, 5, 9, In.Write(P, "b"), Out.Written(1)),
        Lost(1, 10, In.CompareAndSet(P, 0, "c")),
        Op(2, 200, 210, In.Read(P), Out.Value("c", 2)));

    [Fact]
    public void A_recorder_leaves_unanswered_requests_with_an_unknown_outcome()
    {
        var recorder = new HistoryRecorder<In, Out>();
        var create = recorder.Invoke(0, 0, In.Create(P, "a"));
        recorder.Complete(create, 1, Out.Ok);
        recorder.Invoke(1, 10, In.Write(P, "b")); // the connection dropped
        var read = recorder.Invoke(2, 100, In.Read(P));
        recorder.Complete(read, 110, Out.Value("b", 1));

        var history = recorder.Build();
        Assert.False(history[1].OutcomeKnown);
        Assert.Equal(Operation<In, Out>.Never, history[1].Returned);
        Assert.Equal(Verdict.Linearizable, LinearizabilityChecker.Check(ZNodeModel.Instance, history).Verdict);
        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.Complete(recorder.Invoke(3, 200, In.Read(P)), 199, Out.NoNode));
    }

    [Fact]
    public void Many_lost_writes_on_one_node_are_still_checked_quickly()
    {
        // Every lost write stays a candidate for the rest of the history; the memo cache keeps that cheap.
        var history = ManyLostWrites(40, latestEffect: Operation<In, Out>.Never);
        var result = LinearizabilityChecker.Check(ZNodeModel.Instance, history);
        Assert.True(result.Verdict == Verdict.Linearizable, result.ToString());
    }

    [Fact]
    public void A_lost_write_with_a_latest_effect_time_cannot_take_effect_after_it()
    {
        // The client saw its session expire at 500: the request can no longer commit after that.
        AssertLinearizable(
            Created(),
            Lost(1, 10, In.Write(P, "b")) with { Returned = 500 },
            Op(2, 400, 410, In.Read(P), Out.Value("b", 1)));
        AssertNotLinearizable(
            Created(),
            Lost(1, 10, In.Write(P, "b")) with { Returned = 500 },
            Op(2, 600, 610, In.Read(P), Out.Value("a", 0)),
            Op(2, 700, 710, In.Read(P), Out.Value("b", 1)));
        AssertLinearizable(
            Created(),
            Lost(1, 10, In.Write(P, "b")) with { Returned = 500 },
            Op(2, 600, 610, In.Read(P), Out.Value("a", 0)));
    }

    [Fact]
    public void A_violation_among_bounded_lost_writes_is_found_quickly()
    {
        // 40 lost writes, each known to be dead 50 time units after it was sent, then a stale read at the end.
        var history = ManyLostWrites(40, latestEffect: 50);
        history.Add(Op(3, 100_000, 100_010, In.Read(P), Out.Value("w0", 1)));
        var result = LinearizabilityChecker.Check(ZNodeModel.Instance, history);
        Assert.True(result.Verdict == Verdict.NotLinearizable, result.ToString());
        Assert.True(result.Steps < 100_000, result.ToString());
    }

    [Fact]
    public void Open_ended_lost_writes_are_interchangeable_when_nobody_read_their_data()
    {
        // Any subset of the 40 lost writes could have applied, in any order, at any time: 2^40 subsets. But
        // their data was never read, so they differ only in when they were sent, and the checker need only
        // consider how many of them applied.
        var history = ManyLostWrites(40, latestEffect: Operation<In, Out>.Never);
        history.Add(Op(3, 100_000, 100_010, In.Read(P), Out.Value("w0", 1)));
        var result = LinearizabilityChecker.Check(ZNodeModel.Instance, history);
        Assert.True(result.Verdict == Verdict.NotLinearizable, result.ToString());
        Assert.True(result.Steps < 1_000_000, result.ToString());
    }

    [Fact]
    public void Identical_lost_writes_are_interchangeable_but_each_applies_at_most_once()
    {
        Operation<In, Out>[] TwoLost(int lastVersion) =>
        [
            Created(), Lost(1, 10, In.Write(P, "s")), Lost(2, 50, In.Write(P, "s")),
            Op(3, 20, 30, In.Read(P), Out.Value("s", 1)), // only the first had been sent
            Op(3, 100, 110, In.Read(P), Out.Value("s", lastVersion)),
        ];
        AssertLinearizable(TwoLost(1));
        AssertLinearizable(TwoLost(2));
        AssertNotLinearizable(TwoLost(3));
    }

    [Fact]
    public void Identical_lost_writes_with_different_latest_effect_times_are_not_interchangeable() => AssertLinearizable(
        // The later-sent write died first, so it must be the one that applied before the first read.
        Created(),
        Lost(1, 0, In.Write(P, "s")) with { Returned = 100 },
        Lost(2, 1, In.Write(P, "s")) with { Returned = 5 },
        Op(3, 10, 11, In.Read(P), Out.Value("s", 1)),
        Op(3, 50, 51, In.Read(P), Out.Value("s", 2)));

    [Fact]
    public void An_exhausted_budget_answers_Unknown_not_a_guess()
    {
        var history = ManyLostWrites(40, latestEffect: Operation<In, Out>.Never);
        history.Add(Op(3, 100_000, 100_010, In.Read(P), Out.Value("w0", 1)));
        var result = LinearizabilityChecker.Check(ZNodeModel.Instance, history, new CheckBudget(1_000, TimeSpan.FromSeconds(10)));
        Assert.True(result.Verdict == Verdict.Unknown, result.ToString());
        Assert.Contains("budget exhausted", result.Explanation);
    }

    [Fact]
    public void A_lost_update_that_would_change_nothing_is_never_applied_early()
    {
        // A lost create of an existing node is a no-op now but not after the delete; it must stay available.
        AssertLinearizable(
            Created(),
            Lost(1, 10, In.Create(P, "again")),
            Op(2, 100, 110, In.Delete(P), Out.Ok),
            Op(2, 200, 210, In.Read(P), Out.Value("again", 0)));
    }

    /// <summary>Client 1's writes are lost; client 2's succeed; client 3 reads each back.</summary>
    private static List<Operation<In, Out>> ManyLostWrites(int count, long latestEffect)
    {
        var history = new List<Operation<In, Out>> { Created() };
        var version = 0;
        for (var i = 0; i < count; i++)
        {
            var t = 100L * (i + 1);
            var lost = Lost(1, t, In.Write(P, $"lost{i}"));
            history.Add(latestEffect == Operation<In, Out>.Never ? lost : lost with { Returned = t + latestEffect });
            history.Add(Op(2, t + 60, t + 70, In.Write(P, $"w{i}"), Out.Written(++version)));
            history.Add(Op(3, t + 80, t + 90, In.Read(P), Out.Value($"w{i}", version)));
        }
        return history;
    }
}
