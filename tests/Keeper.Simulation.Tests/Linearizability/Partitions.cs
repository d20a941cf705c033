namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>Helpers for <see cref="IModel{TState,TInput,TOutput}.Partition"/>.</summary>
internal static class Partitions
{
    /// <summary>
    /// One sub-history per key (e.g. znode path), in order of each key's first appearance so results are
    /// reproducible. Only sound when an operation touches exactly one key and keys never interact.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> ByKey<TInput, TOutput, TKey>(
        IReadOnlyList<Operation<TInput, TOutput>> history, Func<TInput, TKey> key) where TKey : notnull
    {
        var index = new Dictionary<TKey, int>();
        var parts = new List<List<int>>();
        for (var i = 0; i < history.Count; i++)
        {
            var k = key(history[i].Input);
            if (!index.TryGetValue(k, out var p))
            {
                p = parts.Count;
                index.Add(k, p);
                parts.Add([]);
            }
            parts[p].Add(i);
        }
        return parts;
    }
}
