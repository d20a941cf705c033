namespace Keeper.Core.Sessions;

/// <summary>
/// With localSessionsEnabled, writes may come from sessions that are not in the replicated table: this server's own
/// local sessions, and (on a leader) the local sessions of other members, which only they know. ZooKeeper's
/// LeaderSessionTracker.checkSession lets both through, telling a stranger's session from a dead one of ours by the
/// server id in its top byte; an ephemeral still needs a global session (checkGlobalSession), so a local session is
/// upgraded before its first ephemeral create.
/// </summary>
public sealed class LocalSessionRule(long serverId, Func<long, bool> isOwnLocalSession)
{
    /// <summary>Whether a write that needs no global session may run in <paramref name="sessionId"/>.</summary>
    public bool Accepts(long sessionId) => isOwnLocalSession(sessionId) || ServerIdOf(sessionId) != serverId;

    /// <summary>The member that made a session (LeaderSessionTracker.getServerIdFromSessionId: the top byte, sign kept).</summary>
    public static long ServerIdOf(long sessionId) => sessionId >> 56;
}
