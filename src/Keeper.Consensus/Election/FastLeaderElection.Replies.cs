namespace Keeper.Consensus.Election;

// The answers Apache's WorkerReceiver sends straight away, before (or instead of) queueing a notification.
internal sealed partial class FastLeaderElection
{
    /// <summary>
    /// A non-voter (an observer) never takes part; it only learns. Whatever our state, it gets our current vote
    /// (the last decision, not the proposal) in our round, so it can find an established leader.
    /// </summary>
    private void ReplyToNonVoter(long fromSid) =>
        _outputs.Add(new SendNotification(fromSid, MakeNotification(State, CurrentVote, LogicalClock)));

    /// <summary>A LOOKING peer in an older round would otherwise wait for a resend to learn our round and vote.</summary>
    private void ReplyIfBehind(long fromSid, Notification n)
    {
        if (n.State == ServerState.Looking && n.ElectionEpoch < LogicalClock)
            _outputs.Add(new SendNotification(fromSid, MakeNotification(ServerState.Looking, Proposal, LogicalClock)));
    }

    /// <summary>
    /// Once decided we answer only LOOKING peers, with the decision and its own round (not our clock): that is
    /// what lets them join through their out-of-election votes. Decided peers' notifications are ignored.
    /// </summary>
    private void ReplyWhileDecided(long fromSid, Notification n)
    {
        if (n.State == ServerState.Looking)
            _outputs.Add(new SendNotification(fromSid, MakeNotification(State, CurrentVote, CurrentVote.ElectionEpoch)));
    }
}
