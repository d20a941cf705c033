namespace Keeper.Consensus.Election;

/// <summary>What the election asks its host to do; drained with <see cref="FastLeaderElection.TakeOutputs"/>.</summary>
internal abstract record ElectionOutput;

/// <summary>Send one notification to a peer over the election port.</summary>
internal sealed record SendNotification(long To, Notification Notification) : ElectionOutput;

/// <summary>
/// The election is over for this server: it now leads, follows or observes <see cref="Vote"/>'s leader.
/// <see cref="Vote"/>'s round is the one the decision was taken in.
/// </summary>
internal sealed record Decision(ServerState Role, Vote Vote) : ElectionOutput;
