using Keeper.Client.Tests.Support;
using Keeper.Protocol;

namespace Keeper.Client.Tests.Server;

public class OrderingTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task An_event_that_arrives_before_a_reply_is_delivered_before_the_awaiting_code_resumes()
    {
        var client = await ConnectAsync();
        var delivered = new List<EventType>();
        // A slow watcher: if replies could overtake events, the await below would resume first.
        await client.ExistsAsync(P("/w"), e =>
        {
            Thread.Sleep(300);
            lock (delivered) delivered.Add(e.Type);
        });
        await client.CreateAsync(P("/w"), null, Open, CreateMode.Persistent);
        lock (delivered) Assert.Equal([EventType.NodeCreated], delivered);
    }

    [Fact]
    public async Task Watcher_callbacks_run_one_at_a_time_in_arrival_order()
    {
        await CreateAsync(P("/w"));
        var client = await ConnectAsync();
        var order = new List<string>();
        int running = 0, overlapped = 0;
        var watch = new EventRecorder();
        await client.AddWatchAsync(P("/w"), AddWatchMode.PersistentRecursive, e =>
        {
            if (Interlocked.Increment(ref running) > 1) Interlocked.Increment(ref overlapped);
            Thread.Sleep(20);
            lock (order) order.Add(e.Path!);
            Interlocked.Decrement(ref running);
        });
        var creates = Enumerable.Range(0, 10).Select(i => client.CreateAsync(P($"/w/{i}"), null, Open, CreateMode.Persistent)).ToList();
        await Task.WhenAll(creates);
        lock (order) Assert.Equal(Enumerable.Range(0, 10).Select(i => P($"/w/{i}")), order);
        Assert.Equal(0, overlapped);
    }

    [Fact]
    public async Task Events_carry_the_zxid_of_the_notification_header()
    {
        var client = await ConnectAsync();
        var watch = new EventRecorder();
        await client.ExistsAsync(P("/w"), watch.Watcher);
        var (_, stat) = await client.Create2Async(P("/w"), null, Open, CreateMode.Persistent);
        // Apache 3.8 sends -1 there; 3.9 sends the zxid of the txn that fired the watch.
        Assert.Contains(Assert.Single(watch.NodeEvents).Zxid, new[] { -1L, stat.Czxid });
    }
}
