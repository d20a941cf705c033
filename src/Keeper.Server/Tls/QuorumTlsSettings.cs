namespace Keeper.Server.Tls;

/// <summary>
/// TLS between servers, on the election port and the quorum (Zab) port, as ZooKeeper's QuorumPeerConfig and
/// QuorumX509Util read it: <c>sslQuorum</c>, <c>portUnification</c>, <c>sslQuorumReloadCertFiles</c> and the
/// <c>ssl.quorum.*</c> keys (the client port's <c>ssl.*</c> keys under another prefix, with the same defaults).
/// </summary>
public sealed record QuorumTlsSettings
{
    /// <summary><c>sslQuorum</c>: dial peers over TLS and accept only TLS from them (unless <see cref="PortUnification"/>).</summary>
    public bool SslQuorum { get; init; }

    /// <summary>
    /// <c>portUnification</c>: the election and quorum ports accept TLS and plaintext alike, told apart by the first byte,
    /// so an ensemble can be moved to TLS one server at a time.
    /// </summary>
    public bool PortUnification { get; init; }

    /// <summary><c>sslQuorumReloadCertFiles</c>: reread the quorum key and trust stores when their files change.</summary>
    public bool ReloadCertFiles { get; init; }

    /// <summary>The <c>ssl.quorum.*</c> keys. Host name verification is on by default and, unlike the client port's,
    /// checks both ends: the dialled server against its <c>server.N</c> address, the dialling one against where it
    /// connects from.</summary>
    public TlsSettings Tls { get; init; } = new();

    /// <summary>Whether either port ever speaks TLS.</summary>
    public bool UsesTls => SslQuorum || PortUnification;
}
