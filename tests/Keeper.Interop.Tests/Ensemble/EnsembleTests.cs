using Keeper.Protocol;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Ensemble;

/// <summary>
/// Real ensembles of our servers, each a process on its own loopback address, as the tutorial runs three pods:
/// they elect a leader, replicate every write to a quorum before acknowledging it, fail over when the leader
/// dies, refuse writes without a quorum, and come back on their data dirs.
/// </summary>
public sealed class EnsembleTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    // Short ticks keep elections and timeouts quick; the protocol is the same at any tick.
    private static Keeper.TestSupport.Ensemble Create(int size) =>
        Keeper.TestSupport.Ensemble.Create(size, new Dictionary<string, string> { ["tickTime"] = "500" });

    [Fact]
    public async Task Three_servers_elect_one_leader_and_the_tutorials_first_create_is_zxid_0x100000002()
    {
        await using var ensemble = Create(3);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);

        await using (var onFirst = await EnsembleClient.ConnectAsync(ensemble[1].ConnectString))
            await onFirst.CreateAsync("/hello", "world");
        await using var onSecond = await EnsembleClient.ConnectAsync(ensemble[2].ConnectString);
        var (data, stat) = await onSecond.GetDataAsync("/hello");

        Assert.Equal("world", System.Text.Encoding.UTF8.GetString(data!));
        Assert.Equal(0x100000002, stat.Czxid); // epoch 1; the CLI's own session was txn 1
        Assert.Equal(3, leader.Id);            // a fresh ensemble elects the highest id
    }

    [Fact]
    public async Task Srvr_names_each_role_and_the_leaders_mntr_counts_its_synced_followers()
    {
        await using var ensemble = Create(3);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);

        var mntr = await FourLetterWords.SendAsync(leader.Address, leader.ClientPort, "mntr", TimeSpan.FromSeconds(5));
        Assert.Contains("zk_server_state\tleader\n", mntr);
        Assert.Contains("zk_synced_followers\t2\n", mntr);
        Assert.Contains("zk_learners\t2\n", mntr);
        Assert.Contains("zk_quorum_size\t3\n", mntr);
        Assert.Contains("zk_peer_state\tleading - broadcast\n", mntr);
        foreach (var follower in ensemble.Members.Where(m => m.Id != leader.Id))
        {
            Assert.Equal("follower", await follower.ModeAsync());
            var theirs = await FourLetterWords.SendAsync(follower.Address, follower.ClientPort, "mntr", TimeSpan.FromSeconds(5));
            Assert.Contains("zk_peer_state\tfollowing - broadcast\n", theirs);
            Assert.DoesNotContain("zk_synced_followers", theirs);
        }
    }

    [Fact]
    public async Task An_observer_serves_reads_and_forwards_writes_but_the_voters_alone_make_the_quorum()
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create(
            [ServerKinds.Keeper, ServerKinds.Keeper, ServerKinds.Keeper, ServerKinds.Keeper],
            new Dictionary<string, string> { ["tickTime"] = "500" }, observers: [4]);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        Assert.Equal(3, leader.Id); // the observer (4) can never lead
        Assert.Equal("observer", await ensemble[4].ModeAsync());

        await using (var onObserver = await EnsembleClient.ConnectAsync(ensemble[4].ConnectString))
            await onObserver.CreateAsync("/via-observer", "seen");
        await using (var onVoter = await EnsembleClient.ConnectAsync(ensemble[1].ConnectString))
            Assert.Equal("seen", await onVoter.ReadAsync("/via-observer"));

        // Two voters down: the observer does not make up for them.
        await ensemble[1].KillAsync();
        await ensemble[2].KillAsync();
        await Task.Delay(4000);
        Assert.Contains("not currently serving", await ensemble[4].SrvrAsync() ?? "");
    }

    [Fact]
    public async Task A_write_on_any_server_of_five_is_read_on_every_other()
    {
        await using var ensemble = Create(5);
        ensemble.StartAll();
        await ensemble.WaitForQuorumAsync(Settle);

        foreach (var writer in ensemble.Members)
        {
            await using var client = await EnsembleClient.ConnectAsync(writer.ConnectString);
            await client.CreateAsync($"/from{writer.Id}", $"written on {writer.Id}");
        }
        foreach (var reader in ensemble.Members)
        {
            await using var client = await EnsembleClient.ConnectAsync(reader.ConnectString);
            await client.SyncAsync("/");
            foreach (var writer in ensemble.Members)
                Assert.Equal($"written on {writer.Id}", await client.ReadAsync($"/from{writer.Id}"));
        }
    }

    [Fact]
    public async Task Killing_the_leader_under_write_load_elects_a_new_one_and_loses_no_acknowledged_write()
    {
        await using var ensemble = Create(3);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        await using (var setup = await EnsembleClient.ConnectAsync(ensemble.ConnectString)) await setup.CreateAsync("/load", "");

        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            await using var client = await EnsembleClient.ConnectAsync(ensemble.ConnectString);
            for (int n = 0; n < 100_000 && !stop.IsCancellationRequested; n++)
            {
                string path = $"/load/w{w}-{n}";
                try
                {
                    await client.CreateAsync(path, "x");
                    acknowledged.Add(path);
                }
                catch (KeeperException e) when (e.Code is ErrorCode.ConnectionLoss or ErrorCode.SessionExpired or ErrorCode.NodeExists)
                {
                    await Task.Delay(50); // the outcome is unknown (or it did land); either way not counted as acknowledged
                }
            }
        })).ToList();

        await Task.Delay(1500);
        int before = acknowledged.Count;
        await leader.KillAsync();
        var newLeader = await ensemble.WaitForQuorumAsync(Settle);
        await Task.Delay(1500);
        stop.Cancel();
        await Task.WhenAll(writers);

        Assert.NotEqual(leader.Id, newLeader.Id);
        Assert.True(acknowledged.Count > before, $"no write was acknowledged after the failover ({before} before, {acknowledged.Count} in all)");
        leader.Start();
        await ensemble.WaitForQuorumAsync(Settle);
        foreach (var member in ensemble.Members)
        {
            await using var client = await EnsembleClient.ConnectAsync(member.ConnectString);
            await client.SyncAsync("/load");
            var children = (await client.GetChildrenAsync("/load")).ToHashSet();
            var missing = acknowledged.Where(p => !children.Contains(p[6..])).ToList();
            Assert.True(missing.Count == 0, $"server {member.Id} lacks {missing.Count} acknowledged writes, e.g. {string.Join(", ", missing.Take(5))}");
        }
    }

    [Fact]
    public async Task With_two_of_three_stopped_writes_fail_and_the_survivor_does_not_serve_until_one_returns()
    {
        await using var ensemble = Create(3);
        ensemble.StartAll();
        await ensemble.WaitForQuorumAsync(Settle);
        await using (var client = await EnsembleClient.ConnectAsync(ensemble[1].ConnectString)) await client.CreateAsync("/hello", "world");

        await ensemble[2].KillAsync();
        await ensemble[3].KillAsync();
        await Task.Delay(4000); // beyond syncLimit ticks: the survivor has given up its role

        Assert.Contains("This ZooKeeper instance is not currently serving requests", await ensemble[1].SrvrAsync() ?? "");
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var client = await Keeper.Client.ZooKeeperClient.ConnectAsync(new Keeper.Client.ZooKeeperClientOptions
            {
                ConnectString = ensemble[1].ConnectString,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            }, timeout.Token);
            await client.SetDataAsync("/hello", "no quorum"u8.ToArray());
        });

        ensemble[2].Start();
        await ensemble.WaitForQuorumAsync(Settle);
        await using var after = await EnsembleClient.ConnectAsync(ensemble[1].ConnectString);
        await after.SetDataAsync("/hello", "world_should_work"u8.ToArray());
        Assert.Equal("world_should_work", await after.ReadAsync("/hello"));
    }

    [Fact]
    public async Task All_three_restarted_on_their_data_dirs_serve_the_same_data_and_stat()
    {
        await using var ensemble = Create(3);
        ensemble.StartAll();
        await ensemble.WaitForQuorumAsync(Settle);
        Keeper.Protocol.Records.Stat before;
        await using (var client = await EnsembleClient.ConnectAsync(ensemble[1].ConnectString))
        {
            await client.CreateAsync("/hello", "world");
            (_, before) = await client.GetDataAsync("/hello");
        }

        foreach (var member in ensemble.Members) await member.KillAsync();
        ensemble.StartAll();
        await ensemble.WaitForQuorumAsync(Settle);

        await using var onThird = await EnsembleClient.ConnectAsync(ensemble[3].ConnectString);
        var (data, after) = await onThird.GetDataAsync("/hello");
        Assert.Equal("world", System.Text.Encoding.UTF8.GetString(data!));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_follower_that_was_down_catches_up_with_what_it_missed()
    {
        await using var ensemble = Create(3);
        ensemble.StartAll();
        await ensemble.WaitForQuorumAsync(Settle);
        await ensemble[1].KillAsync();
        await using (var client = await EnsembleClient.ConnectAsync(ensemble[2].ConnectString))
            for (int i = 0; i < 50; i++) await client.CreateAsync($"/missed{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));

        ensemble[1].Start();
        await ensemble.WaitForQuorumAsync(Settle);
        await using var onFirst = await EnsembleClient.ConnectAsync(ensemble[1].ConnectString);
        for (int i = 0; i < 50; i++) Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), await onFirst.ReadAsync($"/missed{i}"));
    }

    [Fact]
    public async Task A_session_moves_to_another_server_with_its_ephemeral_node_when_its_server_dies()
    {
        await using var ensemble = Create(3);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        var follower = ensemble.Members.First(m => m.Id != leader.Id);
        var other = ensemble.Members.First(m => m.Id != leader.Id && m.Id != follower.Id);
        await using var client = await EnsembleClient.ConnectAsync($"{follower.ConnectString},{other.ConnectString}");
        await client.CreateAsync("/owner", "me", CreateMode.Ephemeral);
        long session = client.SessionId;

        await follower.KillAsync();
        var stat = await EnsembleClient.EventuallyAsync(() => client.ExistsAsync("/owner"), Settle);

        Assert.NotNull(stat);
        Assert.Equal(session, stat!.Value.EphemeralOwner);
        Assert.Equal(session, client.SessionId);
    }
}
