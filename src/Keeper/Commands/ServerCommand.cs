using Keeper.Server.Config;
using Keeper.Server.Hosting;
using Keeper.Server.Logging;

namespace Keeper.Commands;

/// <summary>keeper server zoo.cfg: runs until SIGTERM/SIGINT.</summary>
internal static class ServerCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        ServerRuntime.Configure();
        // Java-style -Dname=value options before the file, as ZooKeeper's launch scripts pass system
        // properties (the parser accepts the zookeeper. prefix); the file's keys win over them, as in ZooKeeper.
        var properties = args.TakeWhile(a => a.StartsWith("-D", StringComparison.Ordinal)).ToList();
        if (args.Length != properties.Count + 1)
        {
            Console.Error.WriteLine("usage: keeper server [-Dname=value ...] <zoo.cfg>");
            return 2;
        }
        string path = args[^1];
        properties.InsertRange(0, JvmFlagProperties());
        ServerConfig config;
        try
        {
            config = ZooCfgParser.Parse(path, properties);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"Invalid config, exiting abnormally: {e.Message}");
            return 2;
        }
        var log = Log.For(typeof(ServerCommand));
        if (config.UnknownKeys.Count > 0)
            log.Warn($"Unknown keys in {path} (ignored): {string.Join(", ", config.UnknownKeys.Keys)}");
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
        catch (ServerStartException e)
        {
            log.Error(e.ExitCode == ServerStartException.AdminServerExitCode
                ? $"Unable to start AdminServer, exiting abnormally: {e.Message}"
                : $"Unexpected exception, exiting abnormally: {e.Message}");
            Log.Flush();
            return e.ExitCode;
        }
        await stop.Task.ConfigureAwait(false);
        log.Info("Shutting down: finishing in-flight requests");
        await server.DrainAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await server.DisposeAsync().ConfigureAwait(false);
        Log.Flush();
        return 0;
    }

    /// <summary>
    /// The <c>-Dname=value</c> words of <c>SERVER_JVMFLAGS</c> and then <c>JVMFLAGS</c>, which zkServer.sh passes to the
    /// server JVM in that order (so JVMFLAGS wins a repeated name); the rest (heap and GC flags) mean nothing here.
    /// Lets a launcher that only writes zoo.cfg, such as start-zookeeper, still be told e.g.
    /// <c>-Dzookeeper.admin.enableServer=false</c> or <c>-Djava.security.auth.login.config=...</c>.
    /// </summary>
    private static IEnumerable<string> JvmFlagProperties() =>
        ((Environment.GetEnvironmentVariable("SERVER_JVMFLAGS") ?? "") + " " + (Environment.GetEnvironmentVariable("JVMFLAGS") ?? ""))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(w => w.StartsWith("-D", StringComparison.Ordinal) && w.Contains('='));
}
