using System.Collections.Concurrent;
using System.Globalization;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Bench;

/// <summary>
/// The tree the ops work on and what each op sends. Under ROOT: d/NNNNNNNN (the setup's data nodes: set, get,
/// exists and multi pick one uniformly), c/ (the getChildren target with --children children) and w/ (creates:
/// w/R-S-N, unique per run R and session S, so no two sessions or runs race for a name).
/// </summary>
internal sealed class Workload(BenchOptions options)
{
    private readonly byte[] _payload = new byte[options.Payload];

    /// <summary>Tells this run's creates from an earlier run's on the same root.</summary>
    private readonly string _run = (DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond % 100_000_000).ToString("x", CultureInfo.InvariantCulture);

    public string Root { get; } = options.Root;
    public string DataDir => Root + "/d";
    public string ChildrenDir => Root + "/c";
    public string WriteDir => Root + "/w";

    public static string DataNode(string dir, int i) => dir + "/" + i.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>One session's view: its client and the nodes it created that a later delete may remove.</summary>
    internal sealed class SessionState(int index, ZooKeeperClient client, string run)
    {
        private long _next;

        public int Index { get; } = index;
        public ZooKeeperClient Client { get; } = client;
        public ConcurrentQueue<string> Created { get; } = new();

        public string NextName(string dir) => $"{dir}/{run}-{Index}-{Interlocked.Increment(ref _next)}";
    }

    /// <summary>
    /// Sends one op. A delete removes the oldest node this session created; with none left it creates one instead
    /// (and the caller records a create), so a delete-heavy mix never turns into a stream of NoNode errors.
    /// </summary>
    public async Task<BenchOp> RunAsync(BenchOp op, SessionState s, Random random)
    {
        var zk = s.Client;
        switch (op)
        {
            case BenchOp.Delete when s.Created.TryDequeue(out var victim):
                await zk.DeleteAsync(victim).ConfigureAwait(false);
                return op;
            case BenchOp.Create or BenchOp.Delete:
                var path = s.NextName(WriteDir);
                await zk.CreateAsync(path, _payload, Acls.OpenAclUnsafe, CreateMode.Persistent).ConfigureAwait(false);
                s.Created.Enqueue(path);
                return BenchOp.Create;
            case BenchOp.Set:
                await zk.SetDataAsync(RandomDataNode(random), _payload).ConfigureAwait(false);
                return op;
            case BenchOp.Get:
                await zk.GetDataAsync(RandomDataNode(random)).ConfigureAwait(false);
                return op;
            case BenchOp.Exists:
                await zk.ExistsAsync(RandomDataNode(random)).ConfigureAwait(false);
                return op;
            case BenchOp.Children:
                await zk.GetChildrenAsync(ChildrenDir).ConfigureAwait(false);
                return op;
            case BenchOp.Multi:
                // A small transaction: a version check on one data node and a write of another, all or nothing.
                await zk.MultiAsync([Ops.Check(RandomDataNode(random), -1), Ops.SetData(RandomDataNode(random), _payload)])
                    .ConfigureAwait(false);
                return op;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    }

    private string RandomDataNode(Random random) => DataNode(DataDir, random.Next(options.SetupNodes));

    public byte[] Payload => _payload;

    public SessionState Session(int index, ZooKeeperClient client) => new(index, client, _run);
}
