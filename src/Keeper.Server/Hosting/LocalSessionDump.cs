using Keeper.Server.FourLetterWords;
using Keeper.Server.Pipeline;

namespace Keeper.Server.Hosting;

/// <summary>
/// dump's session part where local sessions are made (UpgradeableSessionTracker's dumpSessions): "Local Session Sets"
/// first, then the global sessions, which a learner knows only by timeout ("Global Sessions(n):").
/// </summary>
internal static class LocalSessionDump
{
    /// <summary>Runs on the sequencer thread.</summary>
    public static SessionTrackerDump With(SessionTrackerDump global, Sequencer sequencer, Func<long, DateTimeOffset> wallOf)
    {
        if (sequencer.LocalSessionList is not { } local) return global;
        var dump = global with
        {
            LocalSessionSets = local.GroupBy(s => s.ExpiresAt).OrderBy(g => g.Key)
                .Select(g => new SessionExpiryBucket(wallOf(g.Key), g.Select(s => s.Id).ToList())).ToList(),
        };
        if (sequencer.Quorum is { IsLearner: true })
            dump = dump with { GlobalSessions = sequencer.State.Sessions.Sessions.Select(s => new SessionWithTimeout(s.Id, s.Timeout)).ToList() };
        return dump;
    }
}
