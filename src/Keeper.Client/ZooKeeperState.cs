namespace Keeper.Client;

/// <summary>Where a client is in its life. The last three are terminal: no more reconnects.</summary>
public enum ZooKeeperState
{
    /// <summary>Between connections; requests wait for the next connection attempt.</summary>
    Connecting,
    Connected,
    ConnectedReadOnly,
    /// <summary>The server said the session is gone; requests fail with SessionExpired.</summary>
    Expired,
    /// <summary>An addAuth was refused (-115); requests fail with AuthFailed.</summary>
    AuthFailed,
    /// <summary>Closed by the user; requests fail with SessionExpired, as in Java.</summary>
    Closed,
}
