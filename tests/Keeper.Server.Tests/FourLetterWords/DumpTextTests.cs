using Keeper.Server.FourLetterWords;
using static Keeper.Server.Tests.FourLetterWords.SampleValues;

namespace Keeper.Server.Tests.FourLetterWords;

public class DumpTextTests
{
    [Fact]
    public void Dump_on_a_fresh_server_shows_empty_sets_and_the_asking_connection()
    {
        var snapshot = new ServerStateSnapshot
        {
            ConnectionBuckets =
            [
                new(At(5, 40, 32), [new ConnectionRef(Endpoint("127.0.0.1:48796"), 0)]),
                new(At(5, 40, 22), []),
            ],
        };

        Assert.Equal(ApacheSamples.FreshDump, FourLetterWordHandler.Run("dump", snapshot));
    }

    [Fact]
    public void Dump_lists_session_buckets_by_time_ephemerals_by_session_and_connections()
    {
        const long a = 0x100000635130000;
        const long b = 0x100000635130001;
        var snapshot = new ServerStateSnapshot
        {
            Sessions = new SessionTrackerDump
            {
                SessionSets =
                [
                    new(At(5, 41, 12), [b]), new(At(5, 40, 54), []), new(At(5, 40, 56), []), new(At(5, 40, 58), []),
                    new(At(5, 41, 2), [a]), new(At(5, 41, 4), []), new(At(5, 41, 6), []),
                ],
            },
            Ephemerals = [new(b, ["/b-eph"]), new(a, ["/app/e1", "/app/e2"])],
            ConnectionBuckets =
            [
                new(At(5, 41, 2), [new ConnectionRef(Endpoint("127.0.0.1:56702"), a)]),
                new(At(5, 41, 12), [new ConnectionRef(Endpoint("127.0.0.1:56712"), b), new ConnectionRef(Endpoint("127.0.0.1:56736"), 0)]),
            ],
        };

        Assert.Equal(ApacheSamples.BusyDump, FourLetterWordHandler.Run("dump", snapshot));
    }

    [Fact]
    public void Dump_on_a_leader_uses_the_session_sets_form()
    {
        const long session = 0x1000010d6780000;
        var snapshot = new ServerStateSnapshot
        {
            ServerState = "leader",
            Sessions = new SessionTrackerDump
            {
                SessionSets = [new(At(5, 52, 12), []), new(At(5, 52, 14), []), new(At(5, 52, 18), [session])],
            },
            Ephemerals = [new(session, ["/q/e"])],
            ConnectionBuckets = [new(At(5, 52, 22), [new ConnectionRef(Endpoint("127.0.0.1:42542"), 0)])],
        };

        Assert.Equal(ApacheSamples.LeaderDump, FourLetterWordHandler.Run("dump", snapshot));
    }

    [Fact]
    public void Dump_on_a_follower_lists_global_sessions_with_timeouts()
    {
        const long session = 0x1000010d6780000;
        var snapshot = new ServerStateSnapshot
        {
            ServerState = "follower",
            Sessions = new SessionTrackerDump { GlobalSessions = [new(session, 10000)] },
            Ephemerals = [new(session, ["/q/e"])],
            ConnectionBuckets =
            [
                new(At(5, 52, 2), []),
                new(At(5, 52, 12), [new ConnectionRef(Endpoint("127.0.0.1:60778"), session), new ConnectionRef(Endpoint("127.0.0.1:40942"), 0)]),
            ],
        };

        Assert.Equal(ApacheSamples.FollowerDump, FourLetterWordHandler.Run("dump", snapshot));
    }

    [Fact]
    public void Dump_with_local_sessions_prefixes_local_and_global_session_sets()
    {
        var snapshot = new ServerStateSnapshot
        {
            Sessions = new SessionTrackerDump
            {
                LocalSessionSets = [new(At(0, 0, 0), [0x2])],
                SessionSets = [new(At(0, 0, 1), [0x1])],
            },
        };

        var text = FourLetterWordHandler.Run("dump", snapshot);

        Assert.StartsWith(
            "SessionTracker dump:\nLocal Session Sets (1)/(1):\n1 expire at Tue Nov 24 00:00:00 UTC 2026:\n\t0x2\n" +
            "Global Session Sets (1)/(1):\n1 expire at Tue Nov 24 00:00:01 UTC 2026:\n\t0x1\nephemeral nodes dump:\n",
            text);
    }
}
