using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Keeper.Consensus.Election;
using Keeper.Server.Election;
using Keeper.Server.Logging;
using Keeper.TestSupport;

namespace Keeper.Server.Tests.Election;

/// <summary>
/// A few <see cref="ElectionNetwork"/>s on loopback with free ports, each recording what it received and logging
/// to its own captured sink. Retry intervals are shortened so tests stay fast; everything is bounded.
/// </summary>
internal sealed class ElectionCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static readonly ElectionNetworkOptions FastOptions = new()
    {
        RetryInterval = TimeSpan.FromMilliseconds(200),
        MaxRetryInterval = TimeSpan.FromSeconds(1),
        BindRetryDelay = TimeSpan.FromMilliseconds(100),
        HandshakeTimeout = TimeSpan.FromSeconds(2),
        ConnectTimeout = TimeSpan.FromSeconds(2),
    };

    private readonly Dictionary<long, Node> _nodes = new();

    public ElectionCluster(params long[] sids)
    {
        var addresses = new Dictionary<long, DnsEndPoint>();
        foreach (var sid in sids) addresses[sid] = new DnsEndPoint("127.0.0.1", FreePort.Next());
        Addresses = addresses;
    }

    public ElectionCluster(IReadOnlyDictionary<long, DnsEndPoint> addresses) => Addresses = addresses;

    public IReadOnlyDictionary<long, DnsEndPoint> Addresses { get; }

    public Node this[long sid] => _nodes[sid];

    /// <summary>Creates (and by default starts) the node for <paramref name="sid"/>, replacing a stopped one.</summary>
    public async Task<Node> StartAsync(long sid, bool start = true, ElectionNetworkOptions? options = null)
    {
        var node = new Node(sid, Addresses, options ?? FastOptions);
        _nodes[sid] = node;
        if (start)
        {
            node.Network.Start();
            await node.Network.Listening.WaitAsync(Patience);
        }
        return node;
    }

    public async Task StopAsync(long sid)
    {
        if (_nodes.Remove(sid, out var node)) await node.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values) await node.DisposeAsync();
        _nodes.Clear();
    }

    public static Notification Vote(long leader, long epoch = 1, ServerState state = ServerState.Looking) =>
        new(state, leader, Zxid: 0x1_0000_0000 + leader, ElectionEpoch: epoch, PeerEpoch: 1);

    /// <summary>Polls <paramref name="condition"/> every 20 ms until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? Patience;
        while (clock.Elapsed < limit)
        {
            if (condition()) return true;
            await Task.Delay(20);
        }
        return condition();
    }

    internal sealed class Node : IAsyncDisposable
    {
        private readonly StringWriter _output = new();
        private readonly LogSink _sink;
        private bool _disposed;

        public Node(long sid, IReadOnlyDictionary<long, DnsEndPoint> addresses, ElectionNetworkOptions options)
        {
            Sid = sid;
            _sink = new LogSink(TextWriter.Synchronized(_output), LogLevel.Debug, sid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Network = new ElectionNetwork(sid, addresses, options, (from, n) => Received.Enqueue((from, n)), new Logger("QuorumCnxManager", _sink));
        }

        public long Sid { get; }
        public ElectionNetwork Network { get; }
        public ConcurrentQueue<(long From, Notification Notification)> Received { get; } = new();

        public bool HasReceived(long from, Notification n) => Received.Any(r => r.From == from && r.Notification.Vote == n.Vote && r.Notification.State == n.State);

        public int ConnectionsTo(long sid) => Network.Connections.Count(c => c.Sid == sid);

        /// <summary>Everything logged so far.</summary>
        public string LogText
        {
            get
            {
                _sink.Flush(TimeSpan.FromSeconds(5));
                return _output.ToString();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed) return;
            _disposed = true;
            var stop = Network.StopAsync();
            if (await Task.WhenAny(stop, Task.Delay(Patience)) != stop)
                throw new TimeoutException($"sid {Sid}'s election network did not stop within {Patience}");
        }
    }
}
