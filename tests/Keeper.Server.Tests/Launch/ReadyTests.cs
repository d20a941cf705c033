using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Keeper.TestSupport;

namespace Keeper.Server.Tests.Launch;

/// <summary><c>keeper ready</c> (the zookeeper-ready probe) and start-zookeeper running a real server.</summary>
public sealed class ReadyTests
{
    private static Task<ProcessResult> Ready(params string[] args) =>
        StartZooKeeperTests.Keeper(["ready", .. args], timeout: TimeSpan.FromSeconds(30));

    private static async Task Signal(int pid, string signal)
    {
        var r = await Tools.RunAsync("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout: TimeSpan.FromSeconds(10));
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public async Task ReadyAgainstLiveStoppedAndFrozenServer()
    {
        await using var server = await KeeperServer.StartAsync();
        var port = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var live = await Ready(port);
        Assert.True(live.ExitCode == 0, live.ToString());

        var srvr = await Ready("--command=srvr", port);
        Assert.True(srvr.ExitCode == 0, srvr.ToString());
        Assert.Contains("Mode: standalone", srvr.StdOut, StringComparison.Ordinal);

        var pid = server.Pid ?? throw new InvalidOperationException("server has no pid");
        await Signal(pid, "STOP");
        try
        {
            var clock = Stopwatch.StartNew();
            var frozen = await Ready("--timeout=2", port);
            Assert.NotEqual(0, frozen.ExitCode);
            Assert.False(frozen.TimedOut, frozen.ToString());
            Assert.Contains("no answer", frozen.StdErr, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        }
        finally
        {
            await Signal(pid, "CONT");
        }

        var thawed = await Ready(port);
        Assert.True(thawed.ExitCode == 0, thawed.ToString());

        await server.StopAsync();
        var stopped = await Ready(port);
        Assert.NotEqual(0, stopped.ExitCode);
        Assert.False(stopped.TimedOut, stopped.ToString());
    }

    [Fact]
    public async Task ReadyFailsWhenSomethingElseAnswers()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var serve = Task.Run(async () =>
        {
            try
            {
                while (!cts.IsCancellationRequested)
                {
                    using var client = await listener.AcceptTcpClientAsync(cts.Token);
                    var stream = client.GetStream();
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.0 400 Bad Request\r\n\r\n"), cts.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
            }
        });
        var r = await Ready(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await cts.CancelAsync();
        listener.Stop();
        await Task.WhenAny(serve, Task.Delay(5000));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("not imok", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadyFailsWhenRefused()
    {
        var r = await Ready(FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, r.ExitCode);
        Assert.False(r.TimedOut);
    }

    [Fact]
    public async Task StartZooKeeperRunsTheServerInItsOwnProcess()
    {
        var root = Directory.CreateTempSubdirectory("keeper-start-").FullName;
        try
        {
            var port = FreePort.Next();
            var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var child = ChildProcess.Start("dotnet",
            [
                KeeperServer.LocateDll(), "start-zookeeper", "--servers=1", $"--data_dir={root}/data", $"--data_log_dir={root}/data/log",
                $"--conf_dir={root}/conf", $"--log_dir={root}/log", $"--client_port={portText}", "--heap=512M",
            ], new Dictionary<string, string> { ["SERVER_JVMFLAGS"] = "-Dzookeeper.admin.enableServer=false" });
            var deadline = Stopwatch.StartNew();
            ProcessResult? ready = null;
            while (deadline.Elapsed < TimeSpan.FromSeconds(40) && !child.HasExited)
            {
                ready = await Ready("--timeout=2", portText);
                if (ready.ExitCode == 0)
                {
                    break;
                }

                await Task.Delay(200);
            }

            Assert.True(ready?.ExitCode == 0, $"never ready: {ready}\n{child.Output}");
            Assert.True(await child.WaitForOutputAsync(o => o.Contains("Processing ruok command", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), child.Output);
            Assert.Matches(
                new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \[myid:\] - INFO  \[.+:[A-Za-z0-9_]+@\d+\] - Processing ruok command from /127\.0\.0\.1:\d+\r?$", RegexOptions.Multiline),
                child.StdOut);

            // --heap became the GC's hard limit in the same process (re-exec'd in place: same PID).
            var environ = File.ReadAllText($"/proc/{child.Pid}/environ");
            Assert.Contains("DOTNET_GCHeapHardLimit=20000000\0", environ, StringComparison.Ordinal);
            Assert.Contains("Heap limit 512M (DOTNET_GCHeapHardLimit=0x20000000", child.StdOut, StringComparison.Ordinal);

            // The entry process is the server: killing it by PID ends the whole thing.
            await Signal(child.Pid, "KILL");
            Assert.True(await child.WaitForExitAsync(TimeSpan.FromSeconds(15)), "start-zookeeper outlived the kill");
            var after = await Ready("--timeout=2", portText);
            Assert.NotEqual(0, after.ExitCode);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
