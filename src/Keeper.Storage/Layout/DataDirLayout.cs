using System.Globalization;

namespace Keeper.Storage.Layout;

/// <summary>
/// ZooKeeper's data-dir layout: dataDir/myid; dataDir/version-2/{snapshot.&lt;zxid&gt;, acceptedEpoch,
/// currentEpoch}; dataLogDir/version-2/log.&lt;zxid&gt;. Zxids in names are lowercase hex with no padding.
/// </summary>
public sealed class DataDirLayout
{
    public const string VersionDir = "version-2";

    public DataDirLayout(string dataDir, string? dataLogDir = null)
    {
        DataDir = Path.GetFullPath(dataDir);
        DataLogDir = Path.GetFullPath(string.IsNullOrEmpty(dataLogDir) ? dataDir : dataLogDir);
        SnapshotDir = Path.Combine(DataDir, VersionDir);
        LogDir = Path.Combine(DataLogDir, VersionDir);
    }

    public string DataDir { get; }
    public string DataLogDir { get; }
    /// <summary>dataDir/version-2: snapshots and the epoch files.</summary>
    public string SnapshotDir { get; }
    /// <summary>dataLogDir/version-2: txn logs.</summary>
    public string LogDir { get; }

    public string MyIdFile => Path.Combine(DataDir, "myid");
    public string AcceptedEpochFile => Path.Combine(SnapshotDir, "acceptedEpoch");
    public string CurrentEpochFile => Path.Combine(SnapshotDir, "currentEpoch");

    public string SnapshotPath(long zxid) => Path.Combine(SnapshotDir, "snapshot." + Hex(zxid));
    public string LogPath(long firstZxid) => Path.Combine(LogDir, "log." + Hex(firstZxid));

    public void EnsureDirectories()
    {
        Directory.CreateDirectory(SnapshotDir);
        Directory.CreateDirectory(LogDir);
    }

    public static string Hex(long zxid) => zxid.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>The zxid in a "prefix.&lt;hex&gt;" file name (compression suffixes allowed), or null.</summary>
    public static long? ZxidOf(string fileName, string prefix)
    {
        var name = Path.GetFileName(fileName);
        if (!name.StartsWith(prefix + ".", StringComparison.Ordinal)) return null;
        var hex = name[(prefix.Length + 1)..];
        int dot = hex.IndexOf('.');
        if (dot >= 0) hex = hex[..dot];
        return long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long zxid) ? zxid : null;
    }

    /// <summary>Snapshots, newest first.</summary>
    public IReadOnlyList<(long Zxid, string Path)> Snapshots() => List(SnapshotDir, "snapshot", newestFirst: true);

    /// <summary>Txn logs, oldest first.</summary>
    public IReadOnlyList<(long Zxid, string Path)> Logs() => List(LogDir, "log", newestFirst: false);

    private static List<(long Zxid, string Path)> List(string dir, string prefix, bool newestFirst)
    {
        if (!Directory.Exists(dir)) return [];
        var files = new List<(long, string)>();
        foreach (var file in Directory.EnumerateFiles(dir, prefix + ".*"))
            if (ZxidOf(file, prefix) is { } zxid) files.Add((zxid, file));
        files.Sort((a, b) => newestFirst ? b.Item1.CompareTo(a.Item1) : a.Item1.CompareTo(b.Item1));
        return files;
    }
}
