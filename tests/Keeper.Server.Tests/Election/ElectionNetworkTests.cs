using System.Net;
using static Keeper.Server.Tests.Election.ElectionCluster;

namespace Keeper.Server.Tests.Election;

/// <summary>Two and three networks on loopback: delivery, the one-connection-per-pair tie-break, late starts, restarts.</summary>
public sealed class ElectionNetworkTests
{
    [Fact]
    public async Task Two_networks_exchange_notifications_over_one_connection()
    {
        await using var cluster = new ElectionCluster(1, 2);
        var one = await cluster.StartAsync(1);
        var two = await cluster.StartAsync(2);

        one.Network.Send(2, Vote(1));
        two.Network.Send(1, Vote(2));

        Assert.True(await EventuallyAsync(() => two.HasReceived(1, Vote(1)) && one.HasReceived(2, Vote(2))));
        await AssertOneConnectionAsync(one, two);
    }

    [Fact]
    public async Task Three_networks_each_reach_both_others()
    {
        await using var cluster = new ElectionCluster(1, 2, 3);
        var nodes = new[] { await cluster.StartAsync(1), await cluster.StartAsync(2), await cluster.StartAsync(3) };

        foreach (var from in nodes)
            foreach (var to in nodes)
                if (from != to) from.Network.Send(to.Sid, Vote(from.Sid, epoch: 7));

        Assert.True(await EventuallyAsync(() =>
            nodes.All(to => nodes.Where(f => f != to).All(f => to.HasReceived(f.Sid, Vote(f.Sid, epoch: 7)))))
            , "not every notification arrived");
        await AssertOneConnectionAsync(nodes[0], nodes[1]);
        await AssertOneConnectionAsync(nodes[0], nodes[2]);
        await AssertOneConnectionAsync(nodes[1], nodes[2]);
    }

    [Theory]
    [InlineData(1L)] // the smaller sid dials: it sends its initial message, drops the socket, and is dialled back
    [InlineData(2L)] // the larger sid dials and keeps the socket
    public async Task Whichever_side_dials_one_connection_remains(long dialler)
    {
        await using var cluster = new ElectionCluster(1, 2);
        var one = await cluster.StartAsync(1);
        var two = await cluster.StartAsync(2);
        var (from, to) = dialler == 1 ? (one, two) : (two, one);

        from.Network.Send(to.Sid, Vote(from.Sid));

        Assert.True(await EventuallyAsync(() => to.HasReceived(from.Sid, Vote(from.Sid))));
        await AssertOneConnectionAsync(one, two);
        // The kept connection is the one the larger sid dialled: its local end is on sid 2's side.
        var kept = two.Network.Connections.Single(c => c.Sid == 1);
        Assert.NotEqual(cluster.Addresses[2].Port, ((IPEndPoint)kept.LocalEndPoint!).Port);
    }

    [Fact]
    public async Task Both_dialling_at_once_settles_on_one_connection()
    {
        for (int round = 0; round < 5; round++)
        {
            await using var cluster = new ElectionCluster(1, 2, 3);
            var nodes = new[] { await cluster.StartAsync(1), await cluster.StartAsync(2), await cluster.StartAsync(3) };

            await Task.WhenAll(nodes.Select(from => Task.Run(() =>
            {
                foreach (var to in nodes)
                    if (to != from) from.Network.Send(to.Sid, Vote(from.Sid, epoch: round));
            })));

            Assert.True(await EventuallyAsync(() =>
                nodes.All(to => nodes.Where(f => f != to).All(f => to.HasReceived(f.Sid, Vote(f.Sid, epoch: round))))),
                $"round {round}: not every notification arrived");
            await AssertOneConnectionAsync(nodes[0], nodes[1]);
            await AssertOneConnectionAsync(nodes[0], nodes[2]);
            await AssertOneConnectionAsync(nodes[1], nodes[2]);
        }
    }

    [Theory]
    [InlineData(1L, 2L)]
    [InlineData(2L, 1L)]
    public async Task A_message_sent_before_the_peer_is_up_is_delivered_once_it_starts(long sender, long late)
    {
        await using var cluster = new ElectionCluster(1, 2);
        var from = await cluster.StartAsync(sender);

        from.Network.Send(late, Vote(sender));
        Assert.True(await EventuallyAsync(() => from.Network.DialAttempts >= 1));
        await Task.Delay(300);
        Assert.False(from.Network.HaveDelivered());

        var to = await cluster.StartAsync(late);

        Assert.True(await EventuallyAsync(() => to.HasReceived(sender, Vote(sender))));
        Assert.True(await EventuallyAsync(() => from.Network.HaveDelivered()));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(2L)]
    public async Task A_restarted_peer_is_reconnected_and_gets_the_last_message_again(long restarted)
    {
        await using var cluster = new ElectionCluster(1, 2);
        var one = await cluster.StartAsync(1);
        var two = await cluster.StartAsync(2);
        long survivor = restarted == 1 ? 2 : 1;
        cluster[survivor].Network.Send(restarted, Vote(survivor, epoch: 1));
        Assert.True(await EventuallyAsync(() => cluster[restarted].HasReceived(survivor, Vote(survivor, epoch: 1))));

        await cluster.StopAsync(restarted);
        Assert.True(await EventuallyAsync(() => !cluster[survivor].Network.IsConnected(restarted)), "the survivor did not notice");
        var back = await cluster.StartAsync(restarted);

        // The restarted side speaks first: the survivor's lastMessageSent goes out on the new connection.
        back.Network.Send(survivor, Vote(restarted, epoch: 2));
        Assert.True(await EventuallyAsync(() => cluster[survivor].HasReceived(restarted, Vote(restarted, epoch: 2))));
        Assert.True(await EventuallyAsync(() => back.HasReceived(survivor, Vote(survivor, epoch: 1))),
            "the last message sent was not resent on the new connection");

        cluster[survivor].Network.Send(restarted, Vote(survivor, epoch: 3));
        Assert.True(await EventuallyAsync(() => back.HasReceived(survivor, Vote(survivor, epoch: 3))));
        await AssertOneConnectionAsync(cluster[1], cluster[2]);
    }

    [Fact]
    public async Task Only_the_newest_queued_message_is_sent_to_a_peer_that_was_down()
    {
        await using var cluster = new ElectionCluster(1, 2);
        var two = await cluster.StartAsync(2);
        for (int epoch = 1; epoch <= 5; epoch++) two.Network.Send(1, Vote(2, epoch));

        var one = await cluster.StartAsync(1);

        Assert.True(await EventuallyAsync(() => one.HasReceived(2, Vote(2, 5))));
        await Task.Delay(200);
        Assert.Equal([5L], one.Received.Where(r => r.From == 2).Select(r => r.Notification.ElectionEpoch).Distinct());
    }

    [Fact]
    public async Task A_message_to_ourselves_loops_back_without_the_network()
    {
        await using var cluster = new ElectionCluster(1, 2);
        var one = await cluster.StartAsync(1);
        one.Network.Send(1, Vote(1));
        Assert.True(one.HasReceived(1, Vote(1)));
        Assert.Equal(0, one.Network.DialAttempts);
    }

    [Fact]
    public async Task HaveDelivered_has_Apaches_meaning()
    {
        await using var cluster = new ElectionCluster(1, 2, 3);
        var one = await cluster.StartAsync(1);
        Assert.False(one.Network.HaveDelivered()); // no queues at all

        one.Network.Send(2, Vote(1)); // 2 and 3 are down: both queues hold a message
        one.Network.Send(3, Vote(1));
        Assert.False(one.Network.HaveDelivered());

        var two = await cluster.StartAsync(2);
        Assert.True(await EventuallyAsync(() => two.HasReceived(1, Vote(1))));
        Assert.True(one.Network.HaveDelivered()); // ANY empty queue is enough, as in Apache
    }

    [Fact]
    public async Task Dialling_a_dead_peer_is_rate_bounded_however_often_we_send()
    {
        await using var cluster = new ElectionCluster(1, 2);
        var one = await cluster.StartAsync(1);

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(1.5);
        int sends = 0;
        while (DateTime.UtcNow < until && sends < 100_000)
        {
            one.Network.Send(2, Vote(1, epoch: sends++));
            await Task.Delay(1);
        }
        one.Network.ConnectAll();

        // 200 ms doubling to 1 s: about 4 attempts in 1.5 s. Apache would dial once per send.
        Assert.InRange(one.Network.DialAttempts, 1, 8);
    }

    [Fact]
    public async Task Stop_closes_everything_and_frees_the_port()
    {
        await using var cluster = new ElectionCluster(1, 2);
        var one = await cluster.StartAsync(1);
        var two = await cluster.StartAsync(2);
        one.Network.Send(2, Vote(1));
        Assert.True(await EventuallyAsync(() => two.HasReceived(1, Vote(1))));

        await cluster.StopAsync(2);
        Assert.True(await EventuallyAsync(() => two.Network.BackgroundTaskCount == 0), "tasks left running after Stop");
        Assert.True(await EventuallyAsync(() => !one.Network.IsConnected(2)));
        two.Network.Send(1, Vote(2)); // after stop: ignored, no throw
        Assert.Empty(two.Network.Connections);

        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, cluster.Addresses[2].Port);
        probe.Start(); // the election port is free again
        probe.Stop();
    }

    [Fact]
    public async Task A_callback_that_throws_does_not_cost_the_connection()
    {
        await using var cluster = new ElectionCluster(1, 2);
        var one = await cluster.StartAsync(1);
        int calls = 0;
        await using var two = new Keeper.Server.Election.ElectionNetwork(2, cluster.Addresses, FastOptions, (_, n) =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("consumer bug");
        });
        two.Start();
        await two.Listening.WaitAsync(Patience);

        one.Network.Send(2, Vote(1, epoch: 1));
        Assert.True(await EventuallyAsync(() => Volatile.Read(ref calls) == 1));
        one.Network.Send(2, Vote(1, epoch: 2));
        Assert.True(await EventuallyAsync(() => Volatile.Read(ref calls) == 2), "the second notification did not arrive");
        Assert.True(two.IsConnected(1));
    }

    private static async Task AssertOneConnectionAsync(Node a, Node b)
    {
        // Settled: each side holds exactly one connection to the other, and it is the same TCP connection.
        Assert.True(await EventuallyAsync(() => Matches(a, b)), $"{a.Sid}-{b.Sid}: not exactly one shared connection:\n{a.LogText}\n{b.LogText}");
        await Task.Delay(300);
        Assert.True(Matches(a, b), $"{a.Sid}-{b.Sid}: the connection did not stay put");

        static bool Matches(Node a, Node b)
        {
            var ab = a.Network.Connections.Where(c => c.Sid == b.Sid).ToList();
            var ba = b.Network.Connections.Where(c => c.Sid == a.Sid).ToList();
            return ab.Count == 1 && ba.Count == 1
                && Equals(ab[0].LocalEndPoint, ba[0].RemoteEndPoint) && Equals(ab[0].RemoteEndPoint, ba[0].LocalEndPoint);
        }
    }
}
