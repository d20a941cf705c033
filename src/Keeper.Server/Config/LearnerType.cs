namespace Keeper.Server.Config;

/// <summary>
/// A server's role in the ensemble. The numeric values are ZooKeeper's <c>LearnerType</c> ordinals, which the
/// <c>conf</c> four-letter word prints as <c>peerType=</c>.
/// </summary>
public enum LearnerType
{
    Participant = 0,
    Observer = 1,
}
