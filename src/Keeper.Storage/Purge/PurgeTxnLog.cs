using Keeper.Storage.Layout;
using Keeper.Storage.Log;
using Keeper.Storage.Snapshots;

namespace Keeper.Storage.Purge;

/// <summary>
/// ZooKeeper's PurgeTxnLog: keep the newest <c>snapRetainCount</c> snapshots that look complete (at least
/// 3) and the txn logs needed to replay from the oldest of them, which includes the newest log whose
/// name-zxid is at or below that snapshot's zxid (it may hold the txns right after it); delete every older
/// snapshot and log. Files with a zxid at or above the oldest kept snapshot's are never touched, nor are
/// files that are not named snapshot.&lt;hex&gt; / log.&lt;hex&gt;.
/// </summary>
public static class PurgeTxnLog
{
    public const int MinSnapRetainCount = 3;

    /// <summary>Deletes what ZooKeeper would and returns the deleted paths.</summary>
    public static IReadOnlyList<string> Purge(DataDirLayout layout, int snapRetainCount, Action<string>? log = null)
    {
        if (snapRetainCount < MinSnapRetainCount)
            throw new ArgumentOutOfRangeException(nameof(snapRetainCount), snapRetainCount,
                $"snapRetainCount must be at least {MinSnapRetainCount}");

        var retained = new List<(long Zxid, string Path)>();
        foreach (var snapshot in layout.Snapshots())
        {
            if (!SnapshotFormat.LooksComplete(snapshot.Path)) continue;
            retained.Add(snapshot);
            if (retained.Count == snapRetainCount) break;
        }
        if (retained.Count == 0) return [];
        long leastZxidToRetain = retained[^1].Zxid;

        // FileTxnLog.getLogFiles: the log that may hold the txns right after the oldest kept snapshot, and later.
        var neededLogs = new HashSet<string>(TxnLogReader.SelectLogs(layout.Logs(), leastZxidToRetain), StringComparer.Ordinal);
        var doomed = new List<string>();
        foreach (var (zxid, path) in layout.Logs())
            if (zxid < leastZxidToRetain && !neededLogs.Contains(path)) doomed.Add(path);
        foreach (var (zxid, path) in layout.Snapshots())
            if (zxid < leastZxidToRetain) doomed.Add(path);

        var deleted = new List<string>();
        foreach (var path in doomed)
        {
            try
            {
                File.Delete(path);
                deleted.Add(path);
                log?.Invoke($"Removing file: {path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log?.Invoke($"Failed to remove {path}: {e.Message}");
            }
        }
        return deleted;
    }
}
