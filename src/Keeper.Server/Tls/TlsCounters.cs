namespace Keeper.Server.Tls;

/// <summary>mntr's TLS figures: handshakes under way, and failed handshakes or certificate checks (Apache counts both as auth failures).</summary>
internal sealed class TlsCounters
{
    private long _outstanding;
    private long _authFailed;
    private long _unsuccessful;

    public long OutstandingHandshakes => Interlocked.Read(ref _outstanding);

    public long AuthFailed => Interlocked.Read(ref _authFailed);

    /// <summary>mntr's <c>zk_unsuccessful_handshake</c> counter.</summary>
    public long UnsuccessfulHandshakes => Interlocked.Read(ref _unsuccessful);

    public void HandshakeStarted() => Interlocked.Increment(ref _outstanding);

    public void HandshakeEnded(bool succeeded)
    {
        Interlocked.Decrement(ref _outstanding);
        if (succeeded) return;
        Interlocked.Increment(ref _authFailed);
        Interlocked.Increment(ref _unsuccessful);
    }
}
