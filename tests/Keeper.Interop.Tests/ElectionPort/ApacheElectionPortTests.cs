using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Keeper.Consensus.Election;
using Keeper.Consensus.Quorum;
using Keeper.Server.Election;
using Keeper.Server.Logging;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.ElectionPort;

/// <summary>
/// Our <see cref="ElectionNetwork"/> as server.2 of a two-member ensemble whose server.1 is a real Apache
/// ZooKeeper 3.8 (so nothing of ours but the election port runs). Apache (the smaller sid) dials us, sends its
/// initial message and drops the socket; we dial it back and keep that connection; its LOOKING vote for itself
/// arrives and decodes. We then vote for it, which gives it a quorum of two: its log shows our notification and
/// that it decided to lead, and it answers our next LOOKING notification with its LEADING vote.
/// </summary>
public sealed class ApacheElectionPortTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Apache_and_our_election_port_connect_exchange_votes_and_Apache_leads()
    {
        int apacheElection = FreePort.Next(), apacheQuorum = FreePort.Next(), apacheClient = FreePort.Next();
        int ourElection = FreePort.Next(), ourQuorum = FreePort.Next();
        var members = new[]
        {
            new QuorumServer(1, "127.0.0.1", apacheQuorum, apacheElection),
            new QuorumServer(2, "127.0.0.1", ourQuorum, ourElection),
        };

        var received = new ConcurrentQueue<(long From, Notification N)>();
        var output = new StringWriter();
        var sink = new LogSink(TextWriter.Synchronized(output), LogLevel.Debug, "2");
        var view = members.ToDictionary(m => m.Id, m => new DnsEndPoint(m.Host, m.ElectionPort));
        await using var ours = new ElectionNetwork(2, view, null, (from, n) => received.Enqueue((from, n)), new Logger("QuorumCnxManager", sink));
        ours.Start();
        await ours.Listening.WaitAsync(Patience);

        await using var apache = ApacheElectionPeer.Start(1, apacheClient,
            members.ToDictionary(m => m.Id, m => $"{m.Host}:{m.QuorumPort}:{m.ElectionPort}"));
        string Diagnostics()
        {
            sink.Flush(TimeSpan.FromSeconds(5));
            return $"--- Apache (pid {apache.Pid}) ---\n{Tail(apache.Output)}\n--- ours ---\n{output}";
        }

        // Its LOOKING vote for itself, in its first round.
        Assert.True(await EventuallyAsync(() => received.Any(r => r.From == 1 && r.N.State == ServerState.Looking && r.N.Leader == 1)),
            "no LOOKING notification from Apache\n" + Diagnostics());
        var apacheVote = received.First(r => r.From == 1).N;
        Assert.Equal(Notification.CurrentVersion, apacheVote.Version);
        Assert.True(apacheVote.ElectionEpoch >= 1);
        string apacheConfig = Encoding.UTF8.GetString(apacheVote.Config ?? []);
        Assert.Contains($"server.2=127.0.0.1:{ourQuorum}:{ourElection}:participant", apacheConfig, StringComparison.Ordinal);

        // Clean handshakes both ways: Apache dialled us and dropped (smaller sid), we dialled back and kept it.
        Assert.True(await apache.WaitForOutputAsync(o => o.Contains("Have smaller server identifier, so dropping the connection: (myId:1 --> sid:2)", StringComparison.Ordinal), Patience),
            Diagnostics());
        Assert.True(await apache.WaitForOutputAsync(o => o.Contains("Received connection request from", StringComparison.Ordinal), Patience), Diagnostics());
        var connection = Assert.Single(ours.Connections);
        Assert.Equal(1, connection.Sid);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, apacheElection), connection.RemoteEndPoint);
        Assert.DoesNotContain("Initial message parsing error", apache.Output, StringComparison.Ordinal);

        // Our vote for Apache, in its round, with the ensemble's config (version 0, like Apache's static one).
        var config = new QuorumVerifier(members).ToConfigString();
        var vote = new Notification(ServerState.Looking, 1, apacheVote.Zxid, apacheVote.ElectionEpoch, apacheVote.PeerEpoch,
            Config: Encoding.UTF8.GetBytes(config));
        ours.Send(1, vote);

        Assert.True(await apache.WaitForOutputAsync(o => o.Contains("n.sid:2, n.state:LOOKING, n.leader:1", StringComparison.Ordinal), Patience),
            "Apache did not log our notification\n" + Diagnostics());
        Assert.True(await apache.WaitForOutputAsync(o => o.Contains(" - LEADING", StringComparison.Ordinal), Patience),
            "Apache did not decide to lead\n" + Diagnostics());
        Assert.DoesNotContain("Skipping the processing of a partial / malformed response", apache.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Something went wrong while processing config", apache.Output, StringComparison.Ordinal);

        // Decided servers answer a LOOKING peer with their decision.
        ours.Send(1, vote with { ElectionEpoch = apacheVote.ElectionEpoch });
        Assert.True(await EventuallyAsync(() => received.Any(r => r.From == 1 && r.N.State == ServerState.Leading && r.N.Leader == 1)),
            "Apache did not answer with its LEADING vote\n" + Diagnostics());
        Assert.False(apache.HasExited, Diagnostics());
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(80));
}
