using System.Net;
using Keeper.Client;
using Keeper.Interop.Tests.Ensemble;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.TestSupport;
using Xunit.Abstractions;
using static Keeper.Interop.Tests.LocalSessions.LocalSessionProbe;

namespace Keeper.Interop.Tests.LocalSessions;

/// <summary>
/// localSessionsEnabled and localSessionsUpgradingEnabled: in an ensemble a new session lives only on the member its
/// client connected to (no createSession txn), is closed and expired there without a txn, cannot move to another
/// member, and becomes global (a createSession txn through the leader) on its first ephemeral create, or fails that
/// create with EphemeralOnLocalSession (-120) when upgrading is off. Each test runs against Apache ZooKeeper 3.8 and
/// against ours with the same assertions; one runs a mixed ensemble.
/// </summary>
public sealed class LocalSessionTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_local_session_makes_no_txn_until_its_first_ephemeral_upgrades_it(string kind)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, kind], Config(upgrading: true));
        var (leader, follower) = await FormAsync(ensemble);

        foreach (var member in new[] { follower, leader })
        {
            string where = $"through server {member.Id} ({(member == leader ? "leader" : "follower")})\n";
            long before = await SettledZxidAsync(ensemble);
            await using (var idle = await ConnectAsync(member.ConnectString))
            {
                Assert.Equal(member.Id, idle.SessionId >>> 56); // numbered by the member that made it
                Assert.Equal((1L, 0L), await SessionCountsAsync(member));
                Assert.NotNull(await idle.ExistsAsync("/"));
            }
            Assert.True(before == await ZxidAsync(member), "opening and closing a local session moved the zxid " + where + ensemble.Diagnostics());
            Assert.Equal((0L, 0L), await SessionCountsAsync(member));

            await using var client = await ConnectAsync(member.ConnectString);
            await CreateAsync(client, $"/persistent-{member.Id}");
            Assert.Equal(before + 1, await ZxidAsync(member)); // the create only
            Assert.Equal((1L, 0L), await SessionCountsAsync(member)); // a persistent node needs no global session

            await CreateAsync(client, $"/ephemeral-{member.Id}", CreateMode.Ephemeral);
            Assert.True(before + 3 == await ZxidAsync(member), "the upgrade's createSession and the create " + where + ensemble.Diagnostics());
            Assert.Equal((0L, 1L), await SessionCountsAsync(member));
            var stat = await client.ExistsAsync($"/ephemeral-{member.Id}");
            Assert.Equal(client.SessionId, stat!.Value.EphemeralOwner);

            await client.CloseAsync(); // a global session now: its close is a txn that deletes its ephemeral
            Assert.Equal(before + 4, await ZxidAsync(member));

            // An ephemeral create inside a multi upgrades a local session just the same.
            await using var batch = await ConnectAsync(member.ConnectString);
            await batch.MultiAsync([Ops.Create($"/multi-{member.Id}", [], Acls.OpenAclUnsafe, CreateMode.Persistent),
                Ops.Create($"/multi-{member.Id}/e", [], Acls.OpenAclUnsafe, CreateMode.Ephemeral)]);
            Assert.True(before + 6 == await ZxidAsync(member), "the upgrade's createSession and the multi " + where + ensemble.Diagnostics());
            Assert.Equal(batch.SessionId, (await batch.ExistsAsync($"/multi-{member.Id}/e"))!.Value.EphemeralOwner);
            Assert.Equal(0L, (await SessionCountsAsync(member)).Local);
        }
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_local_session_cannot_move_and_its_expiry_deletes_nothing(string kind)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, kind], Config(upgrading: true));
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        var followers = ensemble.Members.Where(m => m.Id != leader.Id).ToList();
        var (home, other) = (followers[0], followers[1]);

        // Resumed elsewhere, a local session is unknown there, so it has expired; where it was made it goes on.
        await using (var client = await ConnectAsync(home.ConnectString))
        {
            await CreateAsync(client, "/made-by-local");
            Assert.Equal(ErrorCode.SessionExpired, await ResumeAsync(other.ConnectString, client.SessionId, client.SessionPassword));
            Assert.Equal(ErrorCode.SessionExpired, await ResumeAsync(leader.ConnectString, client.SessionId, client.SessionPassword));
            Assert.NotNull(await client.ExistsAsync("/made-by-local"));
            Assert.Equal((1L, 0L), await SessionCountsAsync(home));
        }

        // A global session's ephemeral on another member, and a local session that dies without closing.
        await using var holder = await ConnectAsync(other.ConnectString);
        await CreateAsync(holder, "/held", CreateMode.Ephemeral);
        long vanished = await CreateAndVanishAsync(home.ConnectString, "/left-by-expired");
        Assert.Equal(home.Id, vanished >>> 56);
        long afterCreate = await ZxidAsync(home);
        Assert.Equal(1L, (await SessionCountsAsync(home)).Local);

        await EventuallyAsync(async () => (await SessionCountsAsync(home)).Local == 0,
            "the vanished local session never expired\n" + ensemble.Diagnostics(), TimeSpan.FromSeconds(20));
        Assert.True(afterCreate == await ZxidAsync(home), "a local session's expiry made a txn\n" + ensemble.Diagnostics());
        Assert.Equal(afterCreate, await ZxidAsync(leader));
        await using var reader = await ConnectAsync(leader.ConnectString);
        Assert.Equal("left behind", await reader.ReadAsync("/left-by-expired"));
        Assert.Equal(holder.SessionId, (await reader.ExistsAsync("/held"))!.Value.EphemeralOwner);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Without_upgrading_an_ephemeral_on_a_local_session_fails_with_EphemeralOnLocalSession(string kind)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, kind], Config(upgrading: false));
        var (leader, follower) = await FormAsync(ensemble);

        foreach (var member in new[] { follower, leader })
        {
            string where = $"through server {member.Id} ({(member == leader ? "leader" : "follower")})\n";
            long before = await SettledZxidAsync(ensemble);
            await using var client = await ConnectAsync(member.ConnectString);
            var refused = await Assert.ThrowsAsync<KeeperException>(() => CreateAsync(client, $"/ephemeral-{member.Id}", CreateMode.Ephemeral));
            Assert.Equal(ErrorCode.EphemeralOnLocalSession, refused.Code);
            // Apache logs the refusal as an error txn (the leader's: -120 for its own client, -112 for a follower's).
            Assert.True(before + 1 == await ZxidAsync(member), "the refused create's error txn " + where + ensemble.Diagnostics());
            Assert.Null(await client.ExistsAsync($"/ephemeral-{member.Id}"));
            Assert.Equal((1L, 0L), await SessionCountsAsync(member)); // still local, and still usable
            await CreateAsync(client, $"/persistent-{member.Id}");

            // Inside a multi the refusal is the failing op's result: the leader's own client gets -120; a follower's
            // request reaches the leader, which knows no such global session and fails the op with SessionExpired.
            var results = await client.MultiRawAsync([Ops.Create($"/multi-{member.Id}", [], Acls.OpenAclUnsafe, CreateMode.Persistent),
                Ops.Create($"/multi-{member.Id}/e", [], Acls.OpenAclUnsafe, CreateMode.Ephemeral)]);
            Assert.Equal(member == leader ? ErrorCode.EphemeralOnLocalSession : ErrorCode.SessionExpired, results[1].Err);
            Assert.Null(await client.ExistsAsync($"/multi-{member.Id}"));
            await client.CloseAsync();
            Assert.Equal(before + 3, await ZxidAsync(member)); // the close of a local session makes no txn
        }
    }

    /// <summary>Server 3 leads: Apache's leader with two of ours, and ours with two of Apache's.</summary>
    public static TheoryData<string, string, string> Mixes => new()
    {
        { ServerKinds.Keeper, ServerKinds.Keeper, ServerKinds.Apache },
        { ServerKinds.Apache, ServerKinds.Apache, ServerKinds.Keeper },
    };

    [Theory]
    [MemberData(nameof(Mixes))]
    public async Task A_mixed_ensemble_serves_local_sessions_on_every_member(string first, string second, string third)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([first, second, third], Config(upgrading: true));
        // Server 3 (the third kind) is up and LOOKING before the others start, so it wins the election (highest id)
        // whichever kind starts faster.
        ensemble[3].Start();
        await EventuallyAsync(async () => await ensemble[3].SrvrAsync() is not null, "server 3 never answered srvr\n" + ensemble.Diagnostics());
        ensemble[1].Start();
        ensemble[2].Start();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        Assert.Equal(3, leader.Id);
        output.WriteLine($"leader: server {leader.Id} ({leader.Kind})");
        await WarmUpAsync(ensemble, leader);

        var clients = new List<ZooKeeperClient>();
        try
        {
            foreach (var member in ensemble.Members)
            {
                string where = $"on server {member.Id} ({member.Kind})\n";
                long before = await SettledZxidAsync(ensemble);
                var client = await ConnectAsync(member.ConnectString);
                clients.Add(client);
                Assert.Equal(member.Id, client.SessionId >>> 56);
                Assert.True((await SessionCountsAsync(member)).Local == 1, "no local session " + where + ensemble.Diagnostics());
                await CreateAsync(client, $"/via-{member.Id}");
                await CreateAsync(client, $"/owned-by-{member.Id}", CreateMode.Ephemeral);
                Assert.True(before + 3 == await ZxidAsync(member), "create, upgrade, ephemeral " + where + ensemble.Diagnostics());
                Assert.Equal(0L, (await SessionCountsAsync(member)).Local);
            }

            // Every member sees every upgraded session's ephemeral, owned by it.
            for (int i = 0; i < ensemble.Members.Count; i++)
            {
                var reader = clients[(i + 1) % clients.Count];
                await reader.SyncAsync("/");
                Assert.Equal(clients[i].SessionId, (await reader.ExistsAsync($"/owned-by-{ensemble.Members[i].Id}"))!.Value.EphemeralOwner);
            }

            // A local session of one kind of server is unknown to the other kind.
            var ours = ensemble.Members.First(m => m.Kind == ServerKinds.Keeper);
            var theirs = ensemble.Members.First(m => m.Kind == ServerKinds.Apache);
            foreach (var (home, elsewhere) in new[] { (ours, theirs), (theirs, ours) })
            {
                await using var local = await ConnectAsync(home.ConnectString);
                Assert.Equal(ErrorCode.SessionExpired, await ResumeAsync(elsewhere.ConnectString, local.SessionId, local.SessionPassword));
            }
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_standalone_server_ignores_localSessionsEnabled(string kind)
    {
        await using var server = await ServerKinds.StartAsync(kind, Config(upgrading: false));
        long before = await ZxidAsync(IPAddress.Loopback, server.Port);
        await using var client = await ConnectAsync(server.ConnectString);
        Assert.Equal(before + 1, await ZxidAsync(IPAddress.Loopback, server.Port)); // a createSession txn
        Assert.Equal((0L, 1L), await SessionCountsAsync(IPAddress.Loopback, server.Port));
        await CreateAsync(client, "/ephemeral", CreateMode.Ephemeral); // no upgrade needed, so none refused
        Assert.Equal(client.SessionId, (await client.ExistsAsync("/ephemeral"))!.Value.EphemeralOwner);
    }
}
