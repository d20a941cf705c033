namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// One client operation as the client saw it: when it was invoked, what it asked, and — if a response
/// arrived — when and what it answered. Times are the simulation's virtual time.
/// </summary>
/// <remarks>
/// An operation whose response never arrived (the client timed out, the connection was lost) has an
/// <em>unknown outcome</em>: in ZooKeeper a write the client saw fail with ConnectionLoss may still have
/// been committed, at any moment after it was sent, or never. Such an operation has
/// <see cref="Returned"/> = <see cref="Never"/> and no output; the checker may linearize it anywhere after
/// its invocation or leave it out altogether.
/// </remarks>
internal sealed record Operation<TInput, TOutput>(int ClientId, long Invoked, TInput Input, long Returned, TOutput? Output)
{
    /// <summary>The response time of an operation whose response never arrived: later than everything.</summary>
    public const long Never = long.MaxValue;

    public bool OutcomeKnown => Returned != Never;

    public static Operation<TInput, TOutput> Completed(int clientId, long invoked, TInput input, long returned, TOutput output) =>
        new(clientId, invoked, input, returned, output);

    public static Operation<TInput, TOutput> Unknown(int clientId, long invoked, TInput input) =>
        new(clientId, invoked, input, Never, default);
}
