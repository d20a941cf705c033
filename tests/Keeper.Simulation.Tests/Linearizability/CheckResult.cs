namespace Keeper.Simulation.Tests.Linearizability;

internal enum Verdict
{
    Linearizable,
    NotLinearizable,

    /// <summary>The budget ran out first: neither a linearization nor a proof there is none.</summary>
    Unknown,
}

/// <summary>
/// How much search one check may spend. Steps are counted per sub-history and make a verdict
/// reproducible on any machine; the time limit is shared by all sub-histories and is a safety net
/// for a slow CI box (it can turn a verdict into Unknown, never into a wrong one).
/// </summary>
internal readonly record struct CheckBudget(long MaxStepsPerPartition, TimeSpan MaxTime)
{
    public static CheckBudget Default => new(10_000_000, TimeSpan.FromSeconds(30));
}

internal sealed record CheckResult(
    Verdict Verdict,
    string Explanation,
    int Operations,
    int Partitions,
    long Steps,
    TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Verdict}: {Operations} ops in {Partitions} partitions, {Steps} steps, {Elapsed.TotalMilliseconds:F1} ms. {Explanation}";
}
