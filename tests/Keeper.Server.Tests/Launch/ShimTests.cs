using Keeper.TestSupport;

namespace Keeper.Server.Tests.Launch;

/// <summary>The deploy/bin shell shims over the keeper executable (found through KEEPER_HOME).</summary>
public sealed class ShimTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("keeper-home-").FullName;

    public ShimTests()
    {
        // KEEPER_HOME/keeper: a one-line stand-in for the published executable.
        var keeper = Path.Combine(_home, "keeper");
        File.WriteAllText(keeper, $"#!/bin/sh\nexec dotnet '{KeeperServer.LocateDll()}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keeper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<ProcessResult> Shim(string name, string[] args, Dictionary<string, string>? env = null)
    {
        env ??= [];
        env["KEEPER_HOME"] = _home;
        return Tools.RunAsync("/bin/sh", [Path.Combine(RepoPaths.Root, "deploy", "bin", name), .. args], timeout: TimeSpan.FromSeconds(60), environment: env);
    }

    [Fact]
    public async Task ShimsReachTheKeeperCommands()
    {
        await using var server = await KeeperServer.StartAsync();
        var port = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var ready = await Shim("zookeeper-ready", [port]);
        Assert.True(ready.ExitCode == 0, ready.ToString());

        var ok = await Shim("zkOk.sh", [], new() { ["ZK_CLIENT_PORT"] = port });
        Assert.True(ok.ExitCode == 0, ok.ToString());

        var status = await Shim("zkServer.sh", ["status", server.ConfigPath]);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"Client port found: {port}.", status.StdOut, StringComparison.Ordinal);
        Assert.Contains("Mode: standalone", status.StdOut, StringComparison.Ordinal);

        var help = await Shim("start-zookeeper", ["-h"]);
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("Usage: start-zookeeper", help.StdOut, StringComparison.Ordinal);

        var daemon = await Shim("zkServer.sh", ["start"]);
        Assert.Equal(1, daemon.ExitCode);
        Assert.Contains("start-foreground", daemon.StdErr, StringComparison.Ordinal);

        await server.StopAsync();
        var down = await Shim("zkServer.sh", ["status", server.ConfigPath]);
        Assert.Equal(1, down.ExitCode);
        Assert.Contains("Error contacting service. It is probably not running.", down.StdOut, StringComparison.Ordinal);
        var notReady = await Shim("zookeeper-ready", [port]);
        Assert.NotEqual(0, notReady.ExitCode);
    }
}
