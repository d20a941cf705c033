using Keeper.Commands;

namespace Keeper;

/// <summary>The one executable: keeper server|...</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.Write(Usage);
            return args.Length == 0 ? 1 : 0;
        }
        var rest = args[1..];
        return args[0] switch
        {
            "server" => await ServerCommand.RunAsync(rest).ConfigureAwait(false),
            "log-dump" => DumpCommands.LogDump(rest),
            "snapshot-dump" => DumpCommands.SnapshotDump(rest),
            "cli" => await Cli.CliCommand.RunAsync(rest),
            "start-zookeeper" => await Launch.StartZooKeeperCommand.RunAsync(rest).ConfigureAwait(false),
            "ready" => await Launch.ReadyCommand.RunAsync(rest).ConfigureAwait(false),
            "bench" => await Bench.BenchCommand.RunAsync(rest).ConfigureAwait(false),
            _ => Unknown(args[0]),
        };
    }

    private static int Unknown(string command)
    {
        Console.Error.WriteLine($"keeper: unknown command '{command}'");
        Console.Error.Write(Usage);
        return 1;
    }

    private const string Usage = """
        usage: keeper <command> [args]
          server <zoo.cfg>            run a server in the foreground (standalone when zoo.cfg has no server.N lines)
          log-dump <log file>         print a txn log (like ZooKeeper's TxnLogToolkit)
          snapshot-dump [-d] <file>   print a snapshot (like ZooKeeper's SnapshotFormatter; -d adds data)
          cli [-server h:p[/chroot]] [-timeout ms] [cmd args]   zkCli.sh-compatible shell (one command, or stdin)
          start-zookeeper [--servers=N ...]   the tutorial image's start script: writes zoo.cfg/myid, runs the server (-h)
          ready [PORT] [--timeout=S]  exit 0 when 127.0.0.1:PORT (2181) answers ruok with imok (zookeeper-ready)
          bench [--connect h:p --sessions N --outstanding N --mix op:w,... ...]   load generator (bench --help)

        """;
}
