namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// A sequential specification: what one object does when operations reach it one at a time. The
/// checker asks whether the history can be explained by some order of these steps that respects
/// real time.
/// </summary>
/// <remarks>
/// States must be immutable values: the checker keeps old ones to backtrack to and memoizes
/// (set of linearized operations, state) pairs, which is only sound when equal states behave alike —
/// hence <see cref="StateEquals"/> and <see cref="StateHash"/>.
/// </remarks>
internal interface IModel<TState, TInput, TOutput>
{
    TState Init();

    /// <summary>
    /// Whether the object in <paramref name="state"/> could answer <paramref name="output"/> to
    /// <paramref name="input"/>, and the state after it did.
    /// </summary>
    (bool Ok, TState Next) Step(TState state, TInput input, TOutput output);

    /// <summary>
    /// The state after <paramref name="input"/> took effect when nobody saw its answer (an unknown
    /// outcome). Models are deterministic, so this is the state whatever the answer was — a CAS whose
    /// version does not match changes nothing, exactly as if it never ran.
    /// </summary>
    TState StepUnobserved(TState state, TInput input);

    bool StateEquals(TState a, TState b);

    int StateHash(TState state);

    /// <summary>
    /// Operations that never change the state. One of them with an unknown outcome constrains nothing,
    /// so the checker drops it before searching (a timed-out read would otherwise widen the search
    /// for the rest of the history, its interval being open-ended).
    /// </summary>
    bool IsReadOnly(TInput input) => false;

    /// <summary>
    /// P-compositionality: a history is linearizable iff each sub-history on an independent object is.
    /// Returns the indices of each sub-history (each in history order). Checking pieces separately turns
    /// one exponential search into several small ones. The default is one piece.
    /// </summary>
    IReadOnlyList<IReadOnlyList<int>> Partition(IReadOnlyList<Operation<TInput, TOutput>> history) =>
        [Enumerable.Range(0, history.Count).ToArray()];

    /// <summary>
    /// Rewrites one sub-history into an equivalent one — same operations in the same order, same verdict —
    /// in which more states compare equal, so the cache merges more configurations. E.g. data no read ever
    /// returned is unobservable and can all become one placeholder. It also matters for unknown outcomes:
    /// the checker treats unknown-outcome operations with equal inputs and latest-effect times as
    /// interchangeable and only ever applies the earliest invoked of them first, which turns "any subset
    /// of k lost writes" into "the first j of them". The default changes nothing.
    /// </summary>
    IReadOnlyList<Operation<TInput, TOutput>> Canonicalize(IReadOnlyList<Operation<TInput, TOutput>> subHistory) => subHistory;

    string DescribeState(TState state) => state?.ToString() ?? "null";
}
