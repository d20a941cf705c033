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
/// Our <see cref="ElectionNetwork"/> alone as one member of a two-member ensemble whose other member is a real
/// Apache ZooKeeper 3.8 (nothing of ours but the election port runs). Both tie-break directions: with Apache as
/// server.1 it dials us, sends its initial message and drops the socket, and we dial it back and keep that
/// connection; with Apache as server.2 it dials us and keeps the socket. Either way its LOOKING vote for itself
/// arrives and decodes. We then vote for it, which gives it a quorum of two: its log shows our notification and
/// that it decided to lead, and it answers our next LOOKING notification with its LEADING vote.
/// </summary>
public sealed class ApacheElectionPortTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1L, 2L)]
    [InlineData(2L, 1L)]
    public async Task Apache_and_our_election_port_connect_exchange_votes_and_Apache_leads(long apacheSid, long ourSid)
    {
        int apacheElection = FreePort.Next(), apacheQuorum = FreePort.Next(), apacheClient = FreePort.Next();
        int ourElection = FreePort.Next(), ourQuorum = FreePort.Next();
        var members = new[]
        {
            new QuorumServer(apacheSid, "127.0.0.1", apacheQuorum, apacheElection),
            new QuorumServer(ourSid, "127.0.0.1", ourQuorum, ourElection),
        }.OrderBy(m => m.Id).ToArray();

        var received = new ConcurrentQueue<(long From, Notification N)>();
        var output = new StringWriter();
        var sink = new LogSink(TextWriter.Synchronized(output), LogLevel.Debug, ourSid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var view = members.ToDictionary(m => m.Id, m => new DnsEndPoint(m.Host, m.ElectionPort));
        await using var ours = new ElectionNetwork(ourSid, view, null, (from, n) => received.Enqueue((from, n)), new Logger("QuorumCnxManager", sink));
        ours.Start();
        await ours.Listening.WaitAsync(Patience);

        await using var apache = ApacheElectionPeer.Start(apacheSid, apacheClient,
            members.ToDictionary(m => m.Id, m => $"{m.Host}:{m.QuorumPort}:{m.ElectionPort}"));
        string Diagnostics()
        {
            sink.Flush(TimeSpan.FromSeconds(5));
            return $"--- Apache (pid {apache.Pid}) ---\n{Tail(apache.Output)}\n--- ours ---\n{output}";
        }

        // Its LOOKING vote for itself, in its first round.
        Assert.True(await EventuallyAsync(() => received.Any(r => r.From == apacheSid && r.N.State == ServerState.Looking && r.N.Leader == apacheSid)),
            "no LOOKING notification from Apache\n" + Diagnostics());
        var apacheVote = received.First(r => r.From == apacheSid).N;
        Assert.Equal(Notification.CurrentVersion, apacheVote.Version);
        Assert.True(apacheVote.ElectionEpoch >= 1);
        string apacheConfig = Encoding.UTF8.GetString(apacheVote.Config ?? []);
        Assert.Contains($"server.{ourSid}=127.0.0.1:{ourQuorum}:{ourElection}:participant", apacheConfig, StringComparison.Ordinal);

        // Handshakes Apache sent before it saw our connection can still make us redial once: wait for it to settle.
        Assert.True(await EventuallyAsync(() => ours.Connections.Count == 1), Diagnostics());
        var connection = Assert.Single(ours.Connections);
        Assert.Equal(apacheSid, connection.Sid);
        if (apacheSid < ourSid)
        {
            // Apache dialled us and dropped (smaller sid); we dialled back (Apache logs our connection) and kept it.
            Assert.True(await apache.WaitForOutputAsync(o => o.Contains($"Have smaller server identifier, so dropping the connection: (myId:{apacheSid} --> sid:{ourSid})", StringComparison.Ordinal), Patience),
                Diagnostics());
            Assert.True(await apache.WaitForOutputAsync(o => o.Contains("Received connection request from", StringComparison.Ordinal), Patience), Diagnostics());
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, apacheElection), connection.RemoteEndPoint);
        }
        else
        {
            // Apache dialled us and kept the socket: our end is our election port.
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, ourElection), connection.LocalEndPoint);
            Assert.DoesNotContain("Have smaller server identifier", apache.Output, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("Initial message parsing error", apache.Output, StringComparison.Ordinal);

        // Our vote for Apache, in its round, with the ensemble's config (version 0, like Apache's static one).
        var config = new QuorumVerifier(members).ToConfigString();
        var vote = new Notification(ServerState.Looking, apacheSid, apacheVote.Zxid, apacheVote.ElectionEpoch, apacheVote.PeerEpoch,
            Config: Encoding.UTF8.GetBytes(config));
        ours.Send(apacheSid, vote);

        Assert.True(await apache.WaitForOutputAsync(o => o.Contains($"n.sid:{ourSid}, n.state:LOOKING, n.leader:{apacheSid}", StringComparison.Ordinal), Patience),
            "Apache did not log our notification\n" + Diagnostics());
        Assert.True(await apache.WaitForOutputAsync(o => o.Contains(" - LEADING", StringComparison.Ordinal), Patience),
            "Apache did not decide to lead\n" + Diagnostics());
        Assert.DoesNotContain("Skipping the processing of a partial / malformed response", apache.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Something went wrong while processing config", apache.Output, StringComparison.Ordinal);

        // Decided servers answer a LOOKING peer with their decision.
        ours.Send(apacheSid, vote with { ElectionEpoch = apacheVote.ElectionEpoch });
        Assert.True(await EventuallyAsync(() => received.Any(r => r.From == apacheSid && r.N.State == ServerState.Leading && r.N.Leader == apacheSid)),
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
