using Keeper.Storage.Dump;

namespace Keeper.Commands;

/// <summary>keeper log-dump FILE and keeper snapshot-dump [-d] FILE: ZooKeeper's TxnLogToolkit and SnapshotFormatter.</summary>
internal static class DumpCommands
{
    public static int LogDump(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: keeper log-dump <log file>");
            return 2;
        }
        return Storage.Dump.LogDump.Run(args[0], Console.Out, Console.Error);
    }

    public static int SnapshotDump(string[] args)
    {
        bool data = args.Length == 2 && args[0] == "-d";
        if (args.Length != (data ? 2 : 1))
        {
            Console.Error.WriteLine("usage: keeper snapshot-dump [-d] <snapshot file>");
            return 2;
        }
        return Storage.Dump.SnapshotDump.Run(args[^1], Console.Out, Console.Error, data);
    }
}
