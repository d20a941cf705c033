namespace Keeper.Client.Connection;

/// <summary>
/// Hands out hosts round robin over a list shuffled once, like Java's StaticHostProvider, and tells the
/// caller when a full cycle went by without a connection so it can back off.
/// </summary>
internal sealed class HostProvider
{
    private readonly HostAddress[] _hosts;
    private int _next;
    private int _triedSinceConnected;

    public HostProvider(IReadOnlyList<HostAddress> hosts, bool shuffle)
    {
        _hosts = [.. hosts];
        if (shuffle) Random.Shared.Shuffle(_hosts);
    }

    public int Count => _hosts.Length;

    /// <summary>True when every host was tried since the last successful connection.</summary>
    public bool CycledWithoutSuccess => _triedSinceConnected >= _hosts.Length;

    public HostAddress Next()
    {
        var host = _hosts[_next];
        _next = (_next + 1) % _hosts.Length;
        _triedSinceConnected++;
        return host;
    }

    public void ResetCycle() => _triedSinceConnected = 0;

    public void OnConnected() => _triedSinceConnected = 0;
}
