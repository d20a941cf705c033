using Keeper.Server.Config;
using Keeper.Server.Hosting;
using Keeper.Server.Logging;

namespace Keeper.Commands;

/// <summary>keeper server zoo.cfg: runs until SIGTERM/SIGINT.</summary>
internal static class ServerCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: keeper server <zoo.cfg>");
            return 2;
        }
        ServerConfig config;
        try
        {
            config = ZooCfgParser.Parse(args[0]);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"Invalid config, exiting abnormally: {e.Message}");
            return 2;
        }
        var log = Log.For(typeof(ServerCommand));
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        KeeperServer server;
        try
        {
            server = KeeperServer.Start(config);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            log.Error($"Unable to start the server on port {config.ClientPort}: {e.Message}");
            Log.Flush();
            return 1;
        }
        await stop.Task.ConfigureAwait(false);
        log.Info("Shutting down");
        await server.DisposeAsync().ConfigureAwait(false);
        Log.Flush();
        return 0;
    }
}
