namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// One client operation as the client saw it: when it was invoked, what it asked, and — if a response
/// arrived — when and what it answered. Times are the simulation's virtual time.
/// </summary>
/// <remarks>
/// An operation whose response never arrived (the client timed out, the connection was lost) has an
/// <em>unknown outcome</em> (<see cref="OutcomeKnown"/> false, no output): in ZooKeeper a write the client
/// saw fail with ConnectionLoss may still have been committed, at any moment after it was sent, or never.
/// The checker may linearize it anywhere after <see cref="Invoked"/> and no later than
/// <see cref="Returned"/>, or leave it out. <see cref="Returned"/> is <see cref="Never"/> unless the
/// recorder knows a moment after which it can no longer take effect (e.g. its session's expiry was
/// committed) — giving one keeps the search small, because an open-ended operation stays a candidate for
/// the rest of the history.
/// </remarks>
internal sealed record Operation<TInput, TOutput>(
    int ClientId, long Invoked, TInput Input, long Returned, TOutput? Output, bool OutcomeKnown = true)
{
    /// <summary>"After everything": the latest effect time of an unknown outcome nobody can bound.</summary>
    public const long Never = long.MaxValue;

    public static Operation<TInput, TOutput> Completed(int clientId, long invoked, TInput input, long returned, TOutput output) =>
        new(clientId, invoked, input, returned, output);

    /// <param name="latestEffect">The last moment it can have taken effect, if known.</param>
    public static Operation<TInput, TOutput> Unknown(int clientId, long invoked, TInput input, long latestEffect = Never) =>
        new(clientId, invoked, input, latestEffect, default, false);
}
