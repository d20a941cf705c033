using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Keeper.TestSupport;

namespace Keeper.Server.Tests.Admin;

/// <summary>Whether the admin server listens, and what happens when its port is taken.</summary>
public sealed class AdminStartupTests
{
    [Fact]
    public async Task Admin_disabled_by_config_means_no_listener()
    {
        int adminPort = FreePort.Next();
        await using var server = await KeeperServer.StartAsync(new Dictionary<string, string>
        {
            ["admin.enableServer"] = "false",
            ["admin.serverAddress"] = "127.0.0.1",
            ["admin.serverPort"] = adminPort.ToString(CultureInfo.InvariantCulture),
        });

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(async () =>
            await socket.ConnectAsync(IPAddress.Loopback, adminPort).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.DoesNotContain("Started AdminServer", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_admin_port_stops_a_standalone_server_with_exit_code_4()
    {
        // As ZooKeeperServerMain: "Unable to start AdminServer, exiting abnormally", ExitCode.ERROR_STARTING_ADMIN_SERVER.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int adminPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var dir = Directory.CreateTempSubdirectory("keeper-admin-").FullName;
        try
        {
            var cfg = Path.Combine(dir, "zoo.cfg");
            File.WriteAllText(cfg, ZooCfg.Render(FreePort.Next(), Path.Combine(dir, "data"), new Dictionary<string, string>
            {
                ["admin.enableServer"] = "true",
                ["admin.serverAddress"] = "127.0.0.1",
                ["admin.serverPort"] = adminPort.ToString(CultureInfo.InvariantCulture),
            }));
            await using var child = ChildProcess.Start("dotnet", [KeeperServer.LocateDll(), "server", cfg]);

            Assert.True(await child.WaitForExitAsync(TimeSpan.FromSeconds(30)), "still running:\n" + child.Output);
            Assert.Equal(4, child.ExitCode);
            Assert.Contains("Unable to start AdminServer, exiting abnormally", child.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
