using System.Diagnostics;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Bench;

/// <summary>
/// Creates the bench tree before the load: ROOT (and its parents), ROOT/d with --setup-nodes data nodes of
/// --payload bytes, ROOT/c with --children empty children, ROOT/w for creates. Nodes that already exist are
/// kept (a second run on the same root reuses them). Pipelined over all sessions: 256 plain creates in flight, or
/// 8 multis (as bench/scale.py does): a quarter of a million creates queued at once would inflate the server's
/// memory after the load, which the scale row measures.
/// </summary>
internal static class TreeSetup
{
    private const int Window = 256;
    private const int MultiWindow = 8;

    public static async Task<double> RunAsync(IReadOnlyList<Workload.SessionState> sessions, Workload w, BenchOptions o,
        CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var zk = sessions[0].Client;
        var parts = w.Root.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 1; i <= parts.Length; i++) await CreateIfMissingAsync(zk, "/" + string.Join('/', parts[..i]), null);
        foreach (var dir in new[] { w.DataDir, w.ChildrenDir, w.WriteDir }) await CreateIfMissingAsync(zk, dir, null);

        int window = o.SetupBatch > 1 ? MultiWindow : Window;
        await ParallelAsync(sessions, BatchCount(o.SetupNodes, o.SetupBatch), window, cancel, (client, batch) =>
            CreateBatchAsync(client, w.DataDir, batch * o.SetupBatch, Math.Min(o.SetupNodes, (batch + 1) * o.SetupBatch), w.Payload));
        await ParallelAsync(sessions, BatchCount(o.Children, o.SetupBatch), window, cancel, (client, batch) =>
            CreateBatchAsync(client, w.ChildrenDir, batch * o.SetupBatch, Math.Min(o.Children, (batch + 1) * o.SetupBatch), []));
        return clock.Elapsed.TotalSeconds;
    }

    private static int BatchCount(int nodes, int batch) => (nodes + batch - 1) / batch;

    /// <summary>Runs jobs 0..count-1 with at most window in flight, spread round robin over the sessions.</summary>
    private static async Task ParallelAsync(IReadOnlyList<Workload.SessionState> sessions, int count, int window, CancellationToken cancel,
        Func<ZooKeeperClient, int, Task> job)
    {
        int next = -1;
        async Task Worker(ZooKeeperClient client)
        {
            int k;
            while ((k = Interlocked.Increment(ref next)) < count && !cancel.IsCancellationRequested)
                await job(client, k).ConfigureAwait(false);
        }
        var workers = Enumerable.Range(0, Math.Min(window, Math.Max(count, 1))).Select(i => Worker(sessions[i % sessions.Count].Client));
        await Task.WhenAll(workers).ConfigureAwait(false);
        cancel.ThrowIfCancellationRequested();
    }

    private static async Task CreateBatchAsync(ZooKeeperClient zk, string dir, int from, int to, byte[] data)
    {
        if (to - from == 1)
        {
            await CreateIfMissingAsync(zk, Workload.DataNode(dir, from), data).ConfigureAwait(false);
            return;
        }
        var ops = Enumerable.Range(from, to - from)
            .Select(i => Ops.Create(Workload.DataNode(dir, i), data, Acls.OpenAclUnsafe, CreateMode.Persistent));
        var results = await zk.MultiRawAsync(ops).ConfigureAwait(false);
        // A multi is all or nothing: if some node of the batch exists (a rerun), create the batch one by one.
        if (results.Any(r => r.Type == OpCode.Error && r.Err == ErrorCode.NodeExists))
            for (int i = from; i < to; i++) await CreateIfMissingAsync(zk, Workload.DataNode(dir, i), data).ConfigureAwait(false);
        else if (results.FirstOrDefault(r => r.Type == OpCode.Error && r.Err != ErrorCode.Ok) is { } bad)
            throw new KeeperException(bad.Err, dir);
    }

    private static async Task CreateIfMissingAsync(ZooKeeperClient zk, string path, byte[]? data)
    {
        try { await zk.CreateAsync(path, data, Acls.OpenAclUnsafe, CreateMode.Persistent).ConfigureAwait(false); }
        catch (KeeperException e) when (e.Code == ErrorCode.NodeExists) { }
    }
}
