namespace Keeper.Consensus.Zab;

/// <summary>
/// What a Zab state machine asks its host to do. Hosts carry actions out in the order they were emitted:
/// a persist before a send that follows it, an apply before a snapshot that follows it.
/// </summary>
internal abstract record ZabAction;

/// <summary>Send a message on a learner connection (leader side) or to the leader (learner side: Connection is 0).</summary>
internal sealed record Send(long Connection, ZabMessage Message) : ZabAction;

/// <summary>Leader: send SNAP(zxid) and then the state as applied right now (it is exactly the state at zxid).</summary>
internal sealed record SendSnapshot(long Connection, long Zxid) : ZabAction;

/// <summary>Leader: drop a learner connection.</summary>
internal sealed record Disconnect(long Connection, string Reason) : ZabAction;

/// <summary>Write dataDir/version-2/acceptedEpoch durably before anything after this action happens.</summary>
internal sealed record PersistAcceptedEpoch(long Epoch) : ZabAction;

/// <summary>Write dataDir/version-2/currentEpoch durably before anything after this action happens.</summary>
internal sealed record PersistCurrentEpoch(long Epoch) : ZabAction;

/// <summary>Append to the txn log; the host reports durability with Logged(zxid).</summary>
internal sealed record Append(Proposal Proposal) : ZabAction;

/// <summary>Learner: drop every logged txn after Zxid and roll the state back to it.</summary>
internal sealed record Truncate(long Zxid) : ZabAction;

/// <summary>Everything up to and including Zxid is committed: apply it, in zxid order, and answer its clients.</summary>
internal sealed record ApplyCommitted(long Zxid) : ZabAction;

/// <summary>The epoch is established and this server is in sync: serve clients (writes number from Epoch &lt;&lt; 32).</summary>
internal sealed record StartServing(long Epoch) : ZabAction;

/// <summary>Learner: answer the leader's PING with this zxid and the host's touched sessions.</summary>
internal sealed record AnswerPing(long Zxid) : ZabAction;

/// <summary>Leader: every proposal made before the sync request is committed; answer it (Requester 0 = a local client).</summary>
internal sealed record SyncReady(long Requester) : ZabAction;

/// <summary>Learner: the leader answered the oldest outstanding sync request.</summary>
internal sealed record SyncAnswered : ZabAction;

/// <summary>
/// The reconfig txn <see cref="Zxid"/> committed (its ApplyCommitted came first): its membership is the ensemble's now,
/// led by <see cref="DesignatedLeader"/>. The host reads the membership from the txn and reconfigures the peer.
/// </summary>
internal sealed record Activated(long Zxid, long DesignatedLeader) : ZabAction;

/// <summary>This role is over (lost quorum, timeout, protocol error): go back to leader election.</summary>
internal sealed record Fail(string Reason) : ZabAction;
