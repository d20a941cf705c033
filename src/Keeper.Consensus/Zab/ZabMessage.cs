namespace Keeper.Consensus.Zab;

/// <summary>
/// The quorum-port packets Zab itself acts on, typed. A host maps each to a QuorumPacket and back; the
/// packets only hosts care about (REQUEST, REVALIDATE, the sessions in a PING reply) stay out of here.
/// </summary>
internal abstract record ZabMessage;

/// <summary>FOLLOWERINFO or OBSERVERINFO: the learner's id and the last epoch it accepted (zxid field = acceptedEpoch &lt;&lt; 32).</summary>
internal sealed record LearnerHello(long Sid, long AcceptedEpoch, bool IsObserver) : ZabMessage;

/// <summary>LEADERINFO: the epoch the leader proposes (zxid field = newEpoch &lt;&lt; 32).</summary>
internal sealed record LeaderInfo(long NewEpoch) : ZabMessage;

/// <summary>
/// ACKEPOCH: the learner's last logged zxid and its current epoch, or -1 as the epoch when it had already
/// accepted this epoch before (then it does not count towards the leader's epoch quorum).
/// </summary>
internal sealed record AckEpoch(long LastLoggedZxid, long CurrentEpoch) : ZabMessage;

/// <summary>DIFF: proposals and commits follow; the learner will end at <see cref="Zxid"/>.</summary>
internal sealed record Diff(long Zxid) : ZabMessage;

/// <summary>TRUNC: the learner drops every txn after <see cref="Zxid"/>; proposals may follow as after a DIFF.</summary>
internal sealed record Trunc(long Zxid) : ZabMessage;

/// <summary>SNAP: the leader's whole state as of <see cref="Zxid"/> follows (the host reads and loads the stream).</summary>
internal sealed record Snap(long Zxid) : ZabMessage;

internal sealed record ProposalMessage(Proposal Proposal) : ZabMessage;

internal sealed record Commit(long Zxid) : ZabMessage;

/// <summary>COMMITANDACTIVATE: the reconfig txn <see cref="Zxid"/> commits and its membership takes effect; <see cref="DesignatedLeader"/> leads it.</summary>
internal sealed record CommitAndActivate(long Zxid, long DesignatedLeader) : ZabMessage;

/// <summary>INFORMANDACTIVATE: an observer's COMMITANDACTIVATE, with the txn's bytes.</summary>
internal sealed record InformAndActivate(Proposal Proposal, long DesignatedLeader) : ZabMessage;

/// <summary>INFORM: a committed txn with its bytes, for observers (which never see the PROPOSAL).</summary>
internal sealed record Inform(Proposal Proposal) : ZabMessage;

/// <summary>NEWLEADER: the end of synchronisation (zxid = newEpoch &lt;&lt; 32); acked once what came before is durable.</summary>
internal sealed record NewLeader(long Zxid) : ZabMessage;

/// <summary>UPTODATE: a quorum has the new epoch's history; start serving.</summary>
internal sealed record UpToDate : ZabMessage;

internal sealed record Ack(long Zxid) : ZabMessage;

/// <summary>PING, both ways: the leader's last proposed zxid, echoed back (the reply's session list is the host's).</summary>
internal sealed record Ping(long Zxid) : ZabMessage;

/// <summary>A learner's sync request (a client's sync forwarded), and the leader's SYNC answer; matched in FIFO order.</summary>
internal sealed record SyncRequest : ZabMessage;

internal sealed record SyncDone : ZabMessage;
