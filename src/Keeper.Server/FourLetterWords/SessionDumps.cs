using System.Net;

namespace Keeper.Server.FourLetterWords;

/// <summary>Sessions that expire together (one <c>ExpiryQueue</c> bucket); <c>dump</c> prints them by time.</summary>
internal sealed record SessionExpiryBucket(DateTimeOffset ExpiresAt, IReadOnlyList<long> SessionIds);

/// <summary>A global session known to a follower or observer, which tracks timeouts rather than expiry buckets.</summary>
internal sealed record SessionWithTimeout(long SessionId, int TimeoutMs);

/// <summary>Connections whose idle timeout falls in one bucket (<c>NIOServerCnxnFactory.dumpConnections</c>).</summary>
internal sealed record ConnectionExpiryBucket(DateTimeOffset ExpiresAt, IReadOnlyList<ConnectionRef> Connections);

/// <summary>A connection in the <c>dump</c> listing: its peer and session (0 before the handshake).</summary>
internal sealed record ConnectionRef(IPEndPoint Remote, long SessionId);

/// <summary>The ephemeral nodes one session owns.</summary>
internal sealed record SessionEphemerals(long SessionId, IReadOnlyList<string> Paths);

/// <summary>
/// The session tracker's part of <c>dump</c>, in the form of the server's role:
/// standalone and leader fill <see cref="SessionSets"/>; followers and observers fill <see cref="GlobalSessions"/>;
/// <see cref="LocalSessionSets"/> is set only when local sessions are enabled.
/// </summary>
internal sealed record SessionTrackerDump
{
    public static readonly SessionTrackerDump Empty = new();

    public IReadOnlyList<SessionExpiryBucket> SessionSets { get; init; } = [];

    public IReadOnlyList<SessionExpiryBucket>? LocalSessionSets { get; init; }

    public IReadOnlyList<SessionWithTimeout>? GlobalSessions { get; init; }
}

/// <summary>One data watch: <paramref name="SessionId"/> watches <paramref name="Path"/>.</summary>
internal sealed record DataWatch(string Path, long SessionId);

/// <summary>A tree digest recorded at a zxid (the <c>hash</c> word).</summary>
internal sealed record ZxidDigest(long Zxid, long Digest);

/// <summary>Leader proposal sizes in bytes; -1 while unset (<c>BufferStats</c>).</summary>
internal sealed record ProposalSizes(long Last, long Min, long Max)
{
    public static readonly ProposalSizes Unset = new(-1, -1, -1);
}
