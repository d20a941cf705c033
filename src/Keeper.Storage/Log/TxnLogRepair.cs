using Keeper.Storage.Layout;

namespace Keeper.Storage.Log;

// API (stable):
//   TxnLogRepair.TruncateTornTail(TornTail tail) / TruncateTornTail(string file, long offset)
//   TxnLogRepair.TruncateAfter(DataDirLayout layout, long zxid) -> bool    (Zab TRUNC: FileTxnLog.truncate)

/// <summary>Cutting txn logs back: a torn final write at startup, or a follower's TRUNC to the leader's zxid.</summary>
public static class TxnLogRepair
{
    /// <summary>
    /// Cuts a log at a torn entry so that it ends cleanly (EOF right after the last intact entry; the
    /// preallocated zeros go too). A log torn inside its header holds nothing and is deleted. The next
    /// writer starts a new log named after the next zxid, as ZooKeeper does after a restart.
    /// </summary>
    public static void TruncateTornTail(TornTail tail) => TruncateTornTail(tail.File, tail.Offset);

    public static void TruncateTornTail(string file, long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset < TxnLogFormat.FileHeaderSize)
        {
            File.Delete(file);
            return;
        }
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        if (offset > stream.Length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"{file} is only {stream.Length} bytes; cannot cut it at {offset}");
        stream.SetLength(offset);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Drops every txn after <paramref name="zxid"/>: the log holding it is cut right after its entry and
    /// later logs are deleted (FileTxnLog.truncate, for a follower the leader tells to TRUNC). Returns false
    /// when no log holds that zxid (nothing is changed then).
    /// </summary>
    public static bool TruncateAfter(DataDirLayout layout, long zxid)
    {
        var files = TxnLogReader.SelectLogs(layout.Logs(), zxid);
        if (files.Count == 0) return false;
        string? cutFile = null;
        long cutAt = 0;
        using (var reader = TxnLogReader.OpenFiles(files, 0, new TxnLogReaderOptions(CheckZxidGaps: false)))
        {
            while (reader.MoveNext())
            {
                var entry = reader.Current!;
                if (entry.Header.Zxid > zxid) break;
                cutFile = entry.File;
                cutAt = entry.Offset + entry.Size;
            }
        }
        if (cutFile is null) return false;

        using (var stream = new FileStream(cutFile, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
        {
            stream.SetLength(cutAt);
            stream.Flush(flushToDisk: true);
        }
        bool after = false;
        foreach (var file in files)
        {
            if (after) File.Delete(file);
            else if (file == cutFile) after = true;
        }
        return true;
    }
}
