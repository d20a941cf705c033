using System.Runtime.CompilerServices;

namespace Keeper.Storage.Tests.SnapshotSupport;

/// <summary>
/// Files Apache ZooKeeper 3.8.0 wrote (see Fixtures/apache-3.8.0/README.md), found from this source file's path.
/// </summary>
internal static class Fixtures
{
    public static string ApacheVersion2 => Path.Combine(Root(), "apache-3.8.0", "version-2");

    public static string Apache(string name) => Path.Combine(ApacheVersion2, name);

    private static string Root([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "Fixtures"));
}
