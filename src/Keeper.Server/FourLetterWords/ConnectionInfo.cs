using System.Net;

namespace Keeper.Server.FourLetterWords;

/// <summary>
/// One client connection as <c>stat</c>/<c>cons</c> show it (<c>ServerCnxn.dumpConnectionInfo</c>). The
/// connection running the four-letter word is one of them, with no session and <c>recved=1</c>.
/// </summary>
internal sealed record ConnectionInfo(IPEndPoint Remote)
{
    /// <summary>Selector interest: 0 none (a 4lw connection), 1 read, 4 write, 5 both.</summary>
    public int InterestOps { get; init; }

    /// <summary>Requests received and not yet answered.</summary>
    public long Queued { get; init; }

    public long PacketsReceived { get; init; }

    public long PacketsSent { get; init; }

    /// <summary>0 until the handshake created or resumed a session; then the <c>cons</c> details are printed.</summary>
    public long SessionId { get; init; }

    /// <summary>The last operation's short name (<c>Pipeline.OpNames.Short</c>: PING, GETD, ...); "NA" before any.</summary>
    public string LastOperation { get; init; } = "NA";

    /// <summary>When the connection was accepted, ms since the Unix epoch.</summary>
    public long EstablishedMs { get; init; }

    public int SessionTimeout { get; init; }

    /// <summary>The last client xid answered; -1 before any (then <c>lcxid</c> is left out).</summary>
    public long LastCxid { get; init; } = -1;

    public long LastZxid { get; init; } = -1;

    /// <summary>When the last reply went out, ms (ZooKeeper uses its monotonic clock here).</summary>
    public long LastResponseTime { get; init; }

    public long LastLatency { get; init; }

    public LatencyStats Latency { get; init; } = LatencyStats.Empty;
}
