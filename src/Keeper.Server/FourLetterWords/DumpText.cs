using System.Text;

namespace Keeper.Server.FourLetterWords;

/// <summary>
/// <c>dump</c>: the session tracker (<c>SessionTrackerImpl</c>/<c>LearnerSessionTracker</c>/<c>LeaderSessionTracker</c>
/// dumpSessions), ephemerals by session (<c>DataTree.dumpEphemerals</c>) and connection expiry
/// (<c>NIOServerCnxnFactory.dumpConnections</c>).
/// </summary>
internal static class DumpText
{
    public static string Dump(ServerStateSnapshot s)
    {
        var sb = new StringBuilder("SessionTracker dump:\n");
        AppendSessions(sb, s.Sessions);
        sb.Append("ephemeral nodes dump:\n");
        sb.Append("Sessions with Ephemerals (").Append(s.Ephemerals.Count).Append("):\n");
        foreach (var owner in s.Ephemerals)
        {
            sb.Append("0x").Append(JavaFormat.Hex(owner.SessionId)).Append(":\n");
            foreach (var path in owner.Paths)
            {
                sb.Append('\t').Append(path).Append('\n');
            }
        }

        sb.Append("Connections dump:\n");
        sb.Append("Connections ");
        AppendSets(
            sb,
            s.ConnectionBuckets.Select(b => (b.ExpiresAt, b.Connections.Select(c =>
                $"ip: {JavaFormat.SocketAddress(c.Remote)} sessionId: 0x{JavaFormat.Hex(c.SessionId)}").ToList())));
        return sb.ToString();
    }

    private static void AppendSessions(StringBuilder sb, SessionTrackerDump sessions)
    {
        if (sessions.LocalSessionSets is { } local)
        {
            sb.Append("Local Session ");
            AppendSets(sb, SessionBuckets(local));
        }

        if (sessions.GlobalSessions is { } global)
        {
            // A learner knows global sessions only by timeout, sorted by id (signed, as Java's TreeSet<Long>).
            sb.Append("Global Sessions(").Append(global.Count).Append("):\n");
            foreach (var session in global.OrderBy(g => g.SessionId))
            {
                sb.Append("0x").Append(JavaFormat.Hex(session.SessionId)).Append('\t').Append(session.TimeoutMs).Append("ms\n");
            }

            return;
        }

        if (sessions.LocalSessionSets is not null)
        {
            sb.Append("Global ");
        }

        sb.Append("Session ");
        AppendSets(sb, SessionBuckets(sessions.SessionSets));
    }

    private static IEnumerable<(DateTimeOffset, List<string>)> SessionBuckets(IEnumerable<SessionExpiryBucket> buckets) =>
        buckets.Select(b => (b.ExpiresAt, b.SessionIds.Select(id => "0x" + JavaFormat.Hex(id)).ToList()));

    // ExpiryQueue.dump: "Sets (buckets)/(elements):" then each bucket, sorted by time, empty buckets included.
    private static void AppendSets(StringBuilder sb, IEnumerable<(DateTimeOffset ExpiresAt, List<string> Elements)> buckets)
    {
        var sorted = buckets.OrderBy(b => b.ExpiresAt).ToList();
        sb.Append("Sets (").Append(sorted.Count).Append(")/(").Append(sorted.Sum(b => b.Elements.Count)).Append("):\n");
        foreach (var (expiresAt, elements) in sorted)
        {
            sb.Append(elements.Count).Append(" expire at ").Append(JavaFormat.Date(expiresAt)).Append(":\n");
            foreach (var element in elements)
            {
                sb.Append('\t').Append(element).Append('\n');
            }
        }
    }
}
