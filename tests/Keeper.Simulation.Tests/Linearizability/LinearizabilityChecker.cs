using System.Diagnostics;
using System.Text;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// Checks a client history against a sequential model: splits it into independent sub-histories
/// (<see cref="IModel{TState,TInput,TOutput}.Partition"/>), searches each for a linearization, and
/// explains a failure in terms of the operations involved.
/// </summary>
internal static class LinearizabilityChecker
{
    public static CheckResult Check<TState, TInput, TOutput>(
        IModel<TState, TInput, TOutput> model,
        IReadOnlyList<Operation<TInput, TOutput>> history,
        CheckBudget? budget = null)
    {
        var limits = budget ?? CheckBudget.Default;
        Validate(history);
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(limits.MaxTime.TotalSeconds * Stopwatch.Frequency);

        var parts = model.Partition(history);
        long steps = 0;
        string? unknown = null;
        for (var p = 0; p < parts.Count; p++)
        {
            // An unknown-outcome operation that cannot change the state constrains nothing: drop it.
            var indices = parts[p].Where(i => history[i].OutcomeKnown || !model.IsReadOnly(history[i].Input)).ToArray();
            var ops = model.Canonicalize(indices.Select(i => history[i]).ToArray());
            if (ops.Count != indices.Length)
                throw new InvalidOperationException($"{model.GetType().Name}.Canonicalize changed the number of operations");
            var outcome = new LinearizationSearch<TState, TInput, TOutput>(model, ops).Run(limits.MaxStepsPerPartition, deadline);
            steps += outcome.Steps;
            if (outcome.Verdict == Verdict.NotLinearizable)
            {
                var why = ExplainFailure(model, history, ops, indices, outcome.LongestPrefix, p, parts.Count);
                return new CheckResult(Verdict.NotLinearizable, why, history.Count, parts.Count, steps, Stopwatch.GetElapsedTime(started));
            }
            // Keep going after an Unknown: a later sub-history may still give a definite violation.
            if (outcome.Verdict == Verdict.Unknown)
                unknown ??= $"budget exhausted in partition {p + 1}/{parts.Count} ({ops.Count} ops) after {outcome.Steps} steps; " +
                            $"longest linearizable prefix found: {outcome.LongestPrefix.Length} ops";
        }

        return unknown is null
            ? new CheckResult(Verdict.Linearizable, "", history.Count, parts.Count, steps, Stopwatch.GetElapsedTime(started))
            : new CheckResult(Verdict.Unknown, unknown, history.Count, parts.Count, steps, Stopwatch.GetElapsedTime(started));
    }

    private static void Validate<TInput, TOutput>(IReadOnlyList<Operation<TInput, TOutput>> history)
    {
        for (var i = 0; i < history.Count; i++)
        {
            var op = history[i];
            if (op.Returned < op.Invoked)
                throw new ArgumentException($"operation {i} returned at {op.Returned} before its invocation at {op.Invoked}", nameof(history));
            if (op.OutcomeKnown && (op.Output is null || op.Returned == Operation<TInput, TOutput>.Never))
                throw new ArgumentException($"operation {i} completed without an output or a response time", nameof(history));
        }
    }

    /// <summary>
    /// Porcupine-style: the longest linearizable prefix the search found and the state it leads to, then
    /// the operation that could not come next (the earliest response among the rest) and the operations
    /// concurrent with it — the ones a reader must look at to see the violation.
    /// </summary>
    private static string ExplainFailure<TState, TInput, TOutput>(
        IModel<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> history,
        IReadOnlyList<Operation<TInput, TOutput>> searched, int[] indices, int[] prefix, int partition, int partitions)
    {
        var state = model.Init();
        var placed = new HashSet<int>();
        foreach (var choice in prefix)
        {
            var local = choice < 0 ? ~choice : choice; // ~i: left out (an unknown outcome that never happened)
            var op = searched[local]; // replay what was searched; describe what was recorded
            if (choice >= 0)
                state = op.OutcomeKnown ? model.Step(state, op.Input, op.Output!).Next : model.StepUnobserved(state, op.Input);
            placed.Add(local);
        }

        var stuck = Enumerable.Range(0, indices.Length)
            .Where(i => !placed.Contains(i) && history[indices[i]].OutcomeKnown)
            .MinBy(i => history[indices[i]].Returned);
        var b = history[indices[stuck]];
        var concurrent = Enumerable.Range(0, indices.Length)
            .Where(i => i != stuck && history[indices[i]].Invoked <= b.Returned && history[indices[i]].Returned >= b.Invoked)
            .OrderBy(i => history[indices[i]].OutcomeKnown ? 0 : 1) // unknown outcomes overlap everything: list them last
            .ThenBy(i => history[indices[i]].Invoked)
            .ToList();

        var text = new StringBuilder();
        text.Append($"partition {partition + 1}/{partitions} ({indices.Length} ops): the longest linearizable prefix found has {prefix.Length} ops");
        if (prefix.Length > 0)
            text.Append(prefix[^1] >= 0
                ? $", ending with {Describe(history, indices[prefix[^1]])}"
                : $", ending with leaving out {Describe(history, indices[~prefix[^1]])}");
        text.Append($", and leaves the state {model.DescribeState(state)}. ");
        text.Append($"Then {Describe(history, indices[stuck])} cannot be placed. Concurrent with it: ");
        const int shown = 8;
        text.AppendJoin("; ", concurrent.Take(shown).Select(i => Describe(history, indices[i]) + (placed.Contains(i) ? " (in the prefix)" : "")));
        if (concurrent.Count > shown)
            text.Append($"; ... {concurrent.Count - shown} more");
        if (concurrent.Count == 0)
            text.Append("nothing");
        return text.ToString();
    }

    private static string Describe<TInput, TOutput>(IReadOnlyList<Operation<TInput, TOutput>> history, int i)
    {
        var op = history[i];
        return op.OutcomeKnown
            ? $"#{i} client {op.ClientId} [{op.Invoked}, {op.Returned}] {op.Input} -> {op.Output}"
            : $"#{i} client {op.ClientId} [{op.Invoked}, {(op.Returned == Operation<TInput, TOutput>.Never ? "never" : $"lost by {op.Returned}")}] {op.Input} -> unknown";
    }
}
