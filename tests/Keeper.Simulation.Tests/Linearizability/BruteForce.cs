namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// The definition of linearizability, executed literally for tiny histories: choose which unknown-outcome
/// operations happened, then try every order of the chosen operations that respects real time (an
/// operation that returned before another was invoked comes first). No cache, no pruning, no partitions,
/// no canonical form — an oracle for the checker, which has all four.
/// </summary>
internal static class BruteForce
{
    /// <param name="keyOf">The independent object an input touches; the oracle keeps one model state per key.</param>
    public static bool IsLinearizable<TState, TInput, TOutput, TKey>(
        IModel<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> history, Func<TInput, TKey> keyOf)
        where TKey : notnull
    {
        var unknown = new List<int>();
        for (var i = 0; i < history.Count; i++)
        {
            if (!history[i].OutcomeKnown)
                unknown.Add(i);
        }
        if (unknown.Count > 16)
            throw new ArgumentException("too many unknown outcomes for brute force", nameof(history));

        for (var mask = 0; mask < 1 << unknown.Count; mask++)
        {
            var included = new bool[history.Count];
            for (var i = 0; i < history.Count; i++)
                included[i] = history[i].OutcomeKnown;
            for (var u = 0; u < unknown.Count; u++)
                included[unknown[u]] = (mask & (1 << u)) != 0;
            if (Search(model, history, keyOf, included, new bool[history.Count], new Dictionary<TKey, TState>()))
                return true;
        }
        return false;
    }

    private static bool Search<TState, TInput, TOutput, TKey>(
        IModel<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> history, Func<TInput, TKey> keyOf,
        bool[] included, bool[] placed, Dictionary<TKey, TState> states) where TKey : notnull
    {
        var done = true;
        for (var x = 0; x < history.Count; x++)
        {
            if (!included[x] || placed[x])
                continue;
            done = false;
            if (MustWait(history, included, placed, x))
                continue;
            var op = history[x];
            var key = keyOf(op.Input);
            var before = states.TryGetValue(key, out var s) ? s : model.Init();
            var (ok, next) = op.OutcomeKnown ? model.Step(before, op.Input, op.Output!) : (true, model.StepUnobserved(before, op.Input));
            if (!ok)
                continue;
            var had = states.ContainsKey(key);
            states[key] = next;
            placed[x] = true;
            if (Search(model, history, keyOf, included, placed, states))
                return true;
            placed[x] = false;
            if (had)
                states[key] = before;
            else
                states.Remove(key);
        }
        return done;
    }

    /// <summary>Whether some other unplaced operation returned before <paramref name="x"/> was invoked.</summary>
    private static bool MustWait<TInput, TOutput>(IReadOnlyList<Operation<TInput, TOutput>> history, bool[] included, bool[] placed, int x)
    {
        for (var y = 0; y < history.Count; y++)
        {
            if (y != x && included[y] && !placed[y] && history[y].Returned < history[x].Invoked)
                return true;
        }
        return false;
    }
}
