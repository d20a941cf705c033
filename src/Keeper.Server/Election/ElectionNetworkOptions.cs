namespace Keeper.Server.Election;

/// <summary>
/// The knobs of the election port, named after the Apache settings they mirror so a zoo.cfg/JVM property can be
/// mapped onto them one to one. Defaults are Apache 3.8's.
/// </summary>
internal sealed record ElectionNetworkOptions
{
    public static readonly ElectionNetworkOptions Default = new();

    /// <summary>quorumListenOnAllIPs: bind 0.0.0.0:port instead of our configured election host.</summary>
    public bool ListenOnAllIPs { get; init; }

    /// <summary>
    /// zookeeper.electionPortBindRetry: how many failed bind/accept rounds the listener survives before giving up
    /// (0 = never give up). Apache then exits the process; we fault <see cref="ElectionNetwork.Listening"/>.
    /// </summary>
    public int BindRetryLimit { get; init; } = 3;

    /// <summary>Apache sleeps one second between listener retries.</summary>
    public TimeSpan BindRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>zookeeper.cnxTimeout: the TCP connect timeout when dialling a peer.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an accepted socket may take to send its initial message. Apache's is the socket read timeout
    /// tickTime * syncLimit (set on every election socket, lifted to infinite once the RecvWorker starts).
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>zookeeper.tcpKeepAlive (off by default in Apache too).</summary>
    public bool TcpKeepAlive { get; init; }

    /// <summary>
    /// Not in Apache: the shortest gap between two dials to the same sid, even for the immediate dial-back that
    /// the tie-break asks for. Keeps a peer that connects in a loop from making us dial in a loop.
    /// </summary>
    public TimeSpan MinDialInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Not in Apache (which redials on every send and on connectAll): the gap before redialling a sid that has a
    /// message waiting, doubled after each failed dial up to <see cref="MaxRetryInterval"/>, reset on connect.
    /// </summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>sslQuorum / portUnification: what connections run over (TLS or plaintext), both ways.</summary>
    public Tls.QuorumChannel Channel { get; init; } = Tls.QuorumChannel.Plaintext;
}
