using System.Runtime.CompilerServices;

namespace Keeper.Storage.Tests.TxnLog;

/// <summary>Files under tests/Keeper.Storage.Tests/Fixtures/TxnLog, found from this source file's path.</summary>
internal static class Fixtures
{
    public static string TxnLog(string name) => Path.Combine(Dir(), name);

    private static string Dir([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "Fixtures", "TxnLog"));
}
