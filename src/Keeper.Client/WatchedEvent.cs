using Keeper.Protocol;

namespace Keeper.Client;

/// <summary>
/// A watch notification or a connection state change, as Java's WatchedEvent. State changes have
/// <see cref="EventType.None"/> and a null path. <see cref="Zxid"/> is the ReplyHeader zxid of the
/// notification (-1 from 3.8 servers and for events made up by the client).
/// </summary>
public sealed record WatchedEvent(EventType Type, KeeperState State, string? Path, long Zxid = -1)
{
    public override string ToString() => $"WatchedEvent state:{State} type:{Type} path:{Path} zxid:{Zxid}";
}
