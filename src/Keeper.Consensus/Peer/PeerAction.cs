using Keeper.Consensus.Election;
using Keeper.Consensus.Zab;

namespace Keeper.Consensus.Peer;

/// <summary>What a <see cref="QuorumPeer"/> asks its host to do, in order.</summary>
internal abstract record PeerAction;

/// <summary>Send an election notification to a peer (the host keeps one election connection per peer).</summary>
internal sealed record ElectionSend(long To, Notification Notification) : PeerAction;

/// <summary>We lead epoch-to-be: accept learner connections on the quorum port.</summary>
internal sealed record StartLeading : PeerAction;

/// <summary>We follow (or observe) <paramref name="LeaderId"/>: connect to its quorum port, then report it.</summary>
internal sealed record ConnectToLeader(long LeaderId) : PeerAction;

/// <summary>A step of the current Zab role (send, persist, append, apply, serve...).</summary>
internal sealed record ZabStep(ZabAction Action) : PeerAction;

/// <summary>
/// While looking, a peer's notification carried a newer membership than ours that includes us (a reconfig we missed):
/// the host may adopt it with <see cref="QuorumPeer.AdoptMembership(Quorum.QuorumVerifier, long)"/> (only with
/// reconfigEnabled, as FastLeaderElection's WorkerReceiver does).
/// </summary>
internal sealed record NewerMembershipSeen(long From, string Config, long Version) : PeerAction;

/// <summary>
/// The role is over: the host closes the quorum connections and its clients, brings its state back to what
/// its log holds, and calls <see cref="QuorumPeer.Restart"/> to elect again.
/// </summary>
internal sealed record RoleEnded(ServerState Role, string Reason) : PeerAction;
