using System.Net;

namespace Keeper.Server.Election;

/// <summary>
/// Per-sid dialling bookkeeping (guarded by the network's gate). Apache dials on every send with no limit but
/// one attempt in flight (inprogressConnections); we add a floor between attempts and a doubling back-off after
/// failures, so a peer that is down costs one connect every few seconds however often the election sends.
/// </summary>
internal sealed class DialState
{
    public bool InProgress;

    /// <summary>Milliseconds (Environment.TickCount64) of the last attempt's start.</summary>
    public long LastAttempt = long.MinValue / 2;

    /// <summary>No ordinary dial before this; a dial-back only waits for MinDialInterval after LastAttempt.</summary>
    public long NextAllowed = long.MinValue / 2;

    public long RetryMs;

    /// <summary>A deferred attempt is pending (at most one per sid).</summary>
    public bool Scheduled;
    public bool ScheduledDialBack;
    public DnsEndPoint? ScheduledAddress;

    /// <summary>
    /// The address a peer gave in its initial message. Apache dials it back there, and otherwise knows only sids
    /// in its (committed or last proposed) view; we also use it for later retries to a sid outside our view.
    /// </summary>
    public DnsEndPoint? LearnedAddress;

    /// <summary>When the last "Invalid server id" warning was logged, to keep an unknown sid from flooding the log.</summary>
    public long LastInvalidWarning = long.MinValue / 2;

    public DialState(ElectionNetworkOptions options) => RetryMs = Ms(options.RetryInterval);

    public void Connected(ElectionNetworkOptions options) => RetryMs = Ms(options.RetryInterval);

    public static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
}
