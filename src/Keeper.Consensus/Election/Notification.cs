namespace Keeper.Consensus.Election;

/// <summary>
/// One election message (FastLeaderElection's notification): the sender's state and the vote it currently
/// holds. <see cref="Config"/> is the sender's quorum configuration text (version 2 messages), or null when
/// the message carried none.
/// </summary>
internal sealed record Notification(
    ServerState State,
    long Leader,
    long Zxid,
    long ElectionEpoch,
    long PeerEpoch,
    int Version = Notification.CurrentVersion,
    byte[]? Config = null)
{
    /// <summary>The format 3.5+ servers send: all fields plus the configuration.</summary>
    public const int CurrentVersion = 2;

    public Vote Vote => new(Leader, Zxid, ElectionEpoch, PeerEpoch);
}
