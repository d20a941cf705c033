using System.Globalization;

namespace Keeper.Server.FourLetterWords;

/// <summary>
/// The version line of <c>srvr</c>, <c>stat</c>, <c>envi</c> and <c>mntr</c>. We report the ZooKeeper release whose
/// behaviour we implement, with "keeper" where Apache puts the git hash, so tools that parse the number before the
/// first '-' see 3.8.4 and a human sees it is not Apache's build:
/// <c>3.8.4-keeper, built on 2026-11-24 05:37 UTC</c>. The build time is the assembly file's time, or the
/// executable's when the assembly has no file of its own (NativeAOT or single-file: linked at build time too).
/// </summary>
internal static class KeeperVersion
{
    public const string Version = "3.8.4";

    public const string Revision = "keeper";

    public static string Full { get; } = Describe(BuildTimeUtc());

    public static string Describe(DateTime buildTimeUtc) =>
        $"{Version}-{Revision}, built on {buildTimeUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";

    private static DateTime BuildTimeUtc()
    {
        // Not Assembly.Location: it is empty under NativeAOT and single-file (IL3000). A JIT build has the
        // assembly next to the app (the app's own output, or a test project's copy of it); otherwise the
        // executable is where our code lives.
        var assemblyFile = Path.Combine(AppContext.BaseDirectory, typeof(KeeperVersion).Assembly.GetName().Name + ".dll");
        var location = File.Exists(assemblyFile) ? assemblyFile : Environment.ProcessPath;
        return location is { Length: > 0 } && File.Exists(location)
            ? File.GetLastWriteTimeUtc(location)
            : DateTime.UnixEpoch;
    }
}
