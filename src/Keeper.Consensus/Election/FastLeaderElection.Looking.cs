namespace Keeper.Consensus.Election;

// lookForLeader's loop body: what happens to a notification taken off the queue while LOOKING.
internal sealed partial class FastLeaderElection
{
    private void Dequeue(long fromSid, Notification n, long now)
    {
        if (_finalizing)
        {
            // Apache's finalize poll throws away anything that is not better than our proposal and starts
            // waiting again; a better one is put back on the queue and processed as usual.
            if (!BeatsProposal(n))
            {
                _deadline = now + _options.FinalizeWait;
                return;
            }
            _finalizing = false;
        }

        Process(fromSid, n, now);

        if (State == ServerState.Looking && !_finalizing)
            _deadline = now + _notificationInterval;
    }

    private bool BeatsProposal(Notification n) =>
        Vote.Beats(n.Leader, n.Zxid, n.PeerEpoch, _proposedLeader, _proposedZxid, _proposedEpoch);

    private void Process(long fromSid, Notification n, long now)
    {
        // Only votes for a voter count; the sender is a voter already (see Accept).
        if (!IsVoter(n.Leader))
            return;
        switch (n.State)
        {
            case ServerState.Looking:
                FromLookingPeer(fromSid, n, now);
                break;
            case ServerState.Following:
            case ServerState.Leading:
                // Apache's LEADING branch only differs when an oracle (2-server QuorumOracleMaj) is configured.
                FromDecidedPeer(fromSid, n);
                break;
            default:
                // OBSERVING peers have nothing to say about who leads.
                break;
        }
    }

    private void FromLookingPeer(long fromSid, Notification n, long now)
    {
        // Apache's guard against servers that report no log at all.
        if (_initial.Zxid == -1 || n.Zxid == -1)
            return;

        if (n.ElectionEpoch > LogicalClock)
        {
            // A newer round: everything we collected belongs to an election that is over. Start from the better
            // of the peer's vote and our own initial vote, not our old proposal.
            LogicalClock = n.ElectionEpoch;
            _received.Clear();
            if (Vote.Beats(n.Leader, n.Zxid, n.PeerEpoch, _initial.Leader, _initial.Zxid, _initial.PeerEpoch))
                Propose(n.Leader, n.Zxid, n.PeerEpoch);
            else
                Propose(_initial.Leader, _initial.Zxid, _initial.PeerEpoch);
            Broadcast();
        }
        else if (n.ElectionEpoch < LogicalClock)
        {
            // Stale: not recorded. The receiver already sent our vote back (ReplyIfBehind).
            return;
        }
        else if (BeatsProposal(n))
        {
            Propose(n.Leader, n.Zxid, n.PeerEpoch);
            Broadcast();
        }

        _received[fromSid] = new TalliedVote(n.Vote, ServerState.Looking, 0);
        if (HasQuorum(_received, new TalliedVote(Proposal, ServerState.Looking, 0)))
        {
            _finalizing = true;
            _deadline = now + _options.FinalizeWait;
        }
    }

    /// <summary>receivedFollowingNotification: a FOLLOWING or LEADING peer reports the leader it is with.</summary>
    private void FromDecidedPeer(long fromSid, Notification n)
    {
        var reported = new TalliedVote(n.Vote, n.State, n.Version);

        // Same round: the peer decided in this election, so its vote counts with everyone else's.
        // (Apache stores it here without the message version, which its Vote.equals then takes into account.)
        if (n.ElectionEpoch == LogicalClock)
        {
            _received[fromSid] = new TalliedVote(n.Vote, n.State, 0);
            if (HasQuorum(_received, reported) && LeaderConfirmed(_received, n.Leader, n.ElectionEpoch))
            {
                Decide(RoleFor(n.Leader), n.Vote);
                return;
            }
        }

        // Any round: join an established ensemble once a quorum reports the same leader and it says it leads.
        // This table also holds this round's decided peers (ZOOKEEPER-1732).
        // Counted by leader alone: a follower that decided in one election may have joined its leader's next
        // reign (its connect retries outlast a leader restart), so serving peers can hold votes for the same
        // leader with different peer epochs, and matching epochs too would keep us out for ever. The leader's
        // own LEADING claim is still required, and Zab's discovery is what keeps a wrong join safe.
        _outOfElection[fromSid] = reported;
        if (HasLeaderQuorum(_outOfElection, n.Leader) && LeaderConfirmed(_outOfElection, n.Leader, n.ElectionEpoch))
        {
            LogicalClock = n.ElectionEpoch;
            Decide(RoleFor(n.Leader), n.Vote);
        }
    }

    /// <summary>
    /// checkLeader: a quorum for someone else is not enough; that server must itself have told us it is
    /// LEADING, or we would keep electing a leader that crashed. For ourselves, the round must be ours.
    /// </summary>
    private bool LeaderConfirmed(Dictionary<long, TalliedVote> votes, long leader, long electionEpoch)
    {
        if (leader != MyId)
            return votes.TryGetValue(leader, out var claim) && claim.State == ServerState.Leading;
        return LogicalClock == electionEpoch;
    }

    private bool HasLeaderQuorum(Dictionary<long, TalliedVote> votes, long leader)
    {
        var agreeing = new List<long>(votes.Count);
        foreach (var (sid, vote) in votes)
        {
            if (vote.Vote.Leader == leader)
                agreeing.Add(sid);
        }
        return ContainsQuorums(agreeing);
    }

    private bool HasQuorum(Dictionary<long, TalliedVote> votes, TalliedVote target)
    {
        var agreeing = new List<long>(votes.Count);
        foreach (var (sid, vote) in votes)
        {
            if (target.Matches(vote))
                agreeing.Add(sid);
        }
        return ContainsQuorums(agreeing);
    }
}
