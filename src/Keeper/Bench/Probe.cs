using System.Diagnostics;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Bench;

/// <summary>
/// --probe get|set PATH: the time until the first successful read or write, for restart-to-first-read and
/// leader-kill failover. Each attempt is a fresh session with a short connect timeout (the client's own reconnect
/// back-off, up to 1 s, would blur the measurement), then 10 ms pause. Measured from --since (Unix ms, e.g. the
/// moment the caller killed the leader) or from the probe's start.
/// </summary>
internal static class Probe
{
    public static async Task<int> RunAsync(BenchOptions o, CancellationToken cancel)
    {
        long since = o.ProbeSinceUnixMs > 0 ? o.ProbeSinceUnixMs : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        int attempts = 0;
        string last = "";
        while (!cancel.IsCancellationRequested)
        {
            attempts++;
            try
            {
                await using var zk = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
                {
                    ConnectString = o.Connect,
                    SessionTimeoutMs = o.SessionTimeoutMs,
                    ConnectTimeout = TimeSpan.FromMilliseconds(500),
                }, cancel).ConfigureAwait(false);
                if (o.ProbeOp == "set") await WriteAsync(zk, o.ProbePath!).ConfigureAwait(false);
                else await zk.GetDataAsync(o.ProbePath!).ConfigureAwait(false);
                long ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - since;
                Console.Out.WriteLine($"probe {o.ProbeOp} {o.ProbePath}: first success {ms} ms after --since, {attempts} attempts");
                if (o.JsonFile is not null)
                    await File.WriteAllTextAsync(o.JsonFile, $"{{\"probe\": {{\"op\": \"{o.ProbeOp}\", \"ms\": {ms}, \"attempts\": {attempts}}}}}\n",
                        CancellationToken.None).ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (e is KeeperException or TimeoutException or IOException or System.Net.Sockets.SocketException
                || (e is OperationCanceledException && cancel.IsCancellationRequested))
            {
                last = e.Message;
            }
            try { await Task.Delay(10, cancel).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
        Console.Error.WriteLine($"keeper bench --probe: no success in {clock.Elapsed.TotalSeconds:F1} s ({attempts} attempts; last: {last})");
        return 2;
    }

    /// <summary>Creates the node if it is missing, so the probe writes on a fresh ensemble too.</summary>
    private static async Task WriteAsync(ZooKeeperClient zk, string path)
    {
        try { await zk.SetDataAsync(path, "probe"u8.ToArray()).ConfigureAwait(false); }
        catch (KeeperException e) when (e.Code == ErrorCode.NoNode)
        {
            await zk.CreateAsync(path, null, Acls.OpenAclUnsafe, CreateMode.Persistent).ConfigureAwait(false);
        }
    }
}
