using Keeper.Client;
using Keeper.Protocol;

namespace Keeper.Bench;

/// <summary>
/// <c>keeper bench</c>: connects the sessions, builds the tree, then runs the load (or the fan-out rounds) and reports.
/// Exit code 0 when it measured something, 1 for bad arguments, 2 when the server could not be used.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = BenchOptions.Parse(args, Console.Error);
        if (o is null) return args.Any(a => a is "-h" or "--help") ? 0 : 1;
        using var hard = new CancellationTokenSource(TimeSpan.FromSeconds(o.MaxSeconds));
        if (o.ProbeOp is not null) return await Probe.RunAsync(o, hard.Token).ConfigureAwait(false);
        var sessions = new List<Workload.SessionState>();
        ZooKeeperClient? writer = null;
        try
        {
            var w = new Workload(o);
            await ConnectAllAsync(o, w, sessions, hard.Token).ConfigureAwait(false);
            double setup = await TreeSetup.RunAsync(sessions, w, o, hard.Token).ConfigureAwait(false);
            if (o.SetupOnly)
            {
                Console.Out.WriteLine($"keeper bench: setup of {o.SetupNodes} nodes and {o.Children} children took {setup:F2} s");
                if (o.JsonFile is not null) Report.WriteJson(o.JsonFile, o, setup, null, null);
                return 0;
            }
            if (o.Fanout)
            {
                writer = await ConnectOneAsync(o, hard.Token).ConfigureAwait(false);
                var f = await Fanout.RunAsync(sessions, writer, w, o, hard.Token).ConfigureAwait(false);
                if (!o.Quiet) Report.PrintFanout(Console.Out, o, f);
                if (o.JsonFile is not null) Report.WriteJson(o.JsonFile, o, setup, null, f);
                return 0;
            }
            var result = await new LoadRunner(o, w, sessions).RunAsync(hard.Token).ConfigureAwait(false);
            if (!o.Quiet) Report.PrintLoad(Console.Out, o, setup, result);
            if (o.JsonFile is not null) Report.WriteJson(o.JsonFile, o, setup, result, null);
            return 0;
        }
        catch (Exception e) when (e is KeeperException or TimeoutException or OperationCanceledException or IOException)
        {
            Console.Error.WriteLine($"keeper bench: {e.GetType().Name}: {e.Message}");
            return 2;
        }
        finally
        {
            // Closing a thousand sessions one by one would dominate a short run: close them together, bounded.
            var closing = sessions.Select(s => s.Client.CloseAsync(TimeSpan.FromSeconds(2))).ToList();
            if (writer is not null) closing.Add(writer.CloseAsync(TimeSpan.FromSeconds(2)));
            await Task.WhenAny(Task.WhenAll(closing), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }
    }

    /// <summary>Connects the sessions, 64 handshakes at a time (a thousand at once would trip accept backlogs).</summary>
    private static async Task ConnectAllAsync(BenchOptions o, Workload w, List<Workload.SessionState> sessions, CancellationToken cancel)
    {
        var clients = new ZooKeeperClient?[o.Sessions];
        using var gate = new SemaphoreSlim(64);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, o.Sessions).Select(async i =>
            {
                await gate.WaitAsync(cancel).ConfigureAwait(false);
                try { clients[i] = await ConnectOneAsync(o, cancel).ConfigureAwait(false); }
                finally { gate.Release(); }
            })).ConfigureAwait(false);
        }
        finally
        {
            // Even after a failure: keep what connected so the caller closes it.
            for (int i = 0; i < clients.Length; i++)
                if (clients[i] is { } c) sessions.Add(w.Session(i, c));
        }
    }

    private static Task<ZooKeeperClient> ConnectOneAsync(BenchOptions o, CancellationToken cancel) =>
        ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = o.Connect,
            SessionTimeoutMs = o.SessionTimeoutMs,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(30, o.MaxSeconds)),
        }, cancel);
}
