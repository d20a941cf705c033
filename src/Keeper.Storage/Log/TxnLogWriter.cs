using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using Keeper.Core.Requests;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Storage.Layout;
using Microsoft.Win32.SafeHandles;

namespace Keeper.Storage.Log;

// API (stable):
//   new TxnLogWriter(DataDirLayout layout, TxnLogWriterOptions? options = null)   logs go to layout.LogDir
//   new TxnLogWriter(string logDir, TxnLogWriterOptions? options = null)
//   void Append(in Txn txn, long? treeDigest = null)        buffers one entry; opens log.<zxid> if none is open
//   void Append(in TxnHeader header, IJuteRecord? body, long? treeDigest = null)
//   void Flush()                                           buffered bytes -> OS (no fsync)
//   TxnLogSyncResult Sync()                                Flush + fsync (unless ForceSync is off); what it covered
//   void Roll()                                            the next Append starts a new file (after a snapshot)
//   string? CurrentFile; long LastZxid; int PendingTxns; long CurrentLogSize; TxnLogWriterStats Stats
//   options: TxnLogWriterOptions(long PreAllocSize = 64 MiB, bool ForceSync = true, int BufferSize = 1 MiB)
//            TxnLogWriterOptions.PreAllocKilobytes(kb) converts zookeeper.preAllocSize (KB) to bytes

/// <summary>
/// Appends txns to ZooKeeper 3.8 txn logs (FileTxnLog.append / commit / rollLog), built for group commit:
/// one thread appends a batch, then calls <see cref="Sync"/> once for all of it. Entries are serialised into
/// a reused buffer and reach the file at <see cref="Flush"/> (or when the buffer fills); the file grows in
/// preallocation steps by writing one zero byte at the new end, as FilePadding does. Not thread-safe.
/// </summary>
public sealed class TxnLogWriter : IDisposable
{
    private readonly string _logDir;
    private readonly TxnLogWriterOptions _options;
    private readonly JuteWriter _entry = new(1024);
    // Files rolled away from whose last writes still await the fsync of the next Sync.
    private readonly List<FileStream> _toSync = [];

    private FileStream? _file;
    private bool _disposed;
    private byte[] _pending;
    private int _pendingLength;
    private long _flushedPosition; // file offset where the pending bytes go
    private long _paddedSize;      // the file size preallocation has reached

    private int _unsyncedTxns;
    private long _unsyncedBytes;
    private long _txnsAppended, _bytesWritten, _syncs, _filesCreated;

    public TxnLogWriter(DataDirLayout layout, TxnLogWriterOptions? options = null) : this(layout.LogDir, options) { }

    public TxnLogWriter(string logDir, TxnLogWriterOptions? options = null)
    {
        _logDir = logDir;
        _options = options ?? new TxnLogWriterOptions();
        if (_options.PreAllocSize < 0) throw new ArgumentOutOfRangeException(nameof(options), "PreAllocSize must be >= 0");
        _pending = ArrayPool<byte>.Shared.Rent(Math.Max(_options.BufferSize, 4096));
        LastZxid = -1;
    }

    /// <summary>The log being appended to, or null before the first append and after a roll.</summary>
    public string? CurrentFile { get; private set; }

    /// <summary>The zxid of the last appended txn (-1 before any).</summary>
    public long LastZxid { get; private set; }

    /// <summary>Txns appended since the last <see cref="Sync"/>.</summary>
    public int PendingTxns => _unsyncedTxns;

    /// <summary>Bytes of header and entries in the current log (its preallocated size is larger).</summary>
    public long CurrentLogSize => _file is null ? 0 : _flushedPosition + _pendingLength;

    public TxnLogWriterStats Stats => new(_txnsAppended, _bytesWritten, _syncs, _filesCreated);

    public void Append(in Txn txn, long? treeDigest = null) => Append(txn.Header, txn.Body, treeDigest);

    public void Append(in TxnHeader header, IJuteRecord? body, long? treeDigest = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (header.Zxid <= LastZxid)
            throw new InvalidOperationException(
                $"txn zxid 0x{header.Zxid:x} is not after the last logged zxid 0x{LastZxid:x}: the log must stay in zxid order");

        _entry.Reset();
        TxnEntryCodec.Write(_entry, header, body, treeDigest);
        var entry = _entry.WrittenSpan;
        if (entry.Length > _options.MaxEntrySize)
            throw new InvalidOperationException(
                $"txn 0x{header.Zxid:x} is {entry.Length} bytes; readers refuse entries over {_options.MaxEntrySize} (jute.maxbuffer + extrasize)");

        if (_file is null) OpenLog(header.Zxid);
        Pad(_flushedPosition + _pendingLength);

        int size = entry.Length + TxnLogFormat.EntryOverhead;
        if (_pendingLength + size > _pending.Length)
        {
            FlushPending();
            if (size > _pending.Length) Grow(size);
        }
        var target = _pending.AsSpan(_pendingLength, size);
        BinaryPrimitives.WriteInt64BigEndian(target, Adler32.Compute(entry));
        BinaryPrimitives.WriteInt32BigEndian(target[8..], entry.Length);
        entry.CopyTo(target[TxnLogFormat.EntryPrefixSize..]);
        target[^1] = TxnLogFormat.EndOfRecord;
        _pendingLength += size;

        LastZxid = header.Zxid;
        _unsyncedTxns++;
        _unsyncedBytes += size;
        _txnsAppended++;
    }

    /// <summary>
    /// After the log was cut back to <paramref name="zxid"/> (a follower told to TRUNC, or a SNAP that
    /// replaces the history): the current file must have been rolled; the next append may follow zxid.
    /// </summary>
    public void RewindTo(long zxid)
    {
        if (_file is not null || _unsyncedTxns > 0)
            throw new InvalidOperationException("roll and sync the log before rewinding it");
        LastZxid = zxid;
    }

    /// <summary>Hands the buffered entries to the OS. They are not durable until <see cref="Sync"/>.</summary>
    public void Flush() => FlushPending();

    /// <summary>
    /// Flushes, then fsyncs every file written since the last sync (skipped when ForceSync is off). Returns
    /// how many txns and bytes this sync made durable: the group-commit batch.
    /// </summary>
    public TxnLogSyncResult Sync()
    {
        FlushPending();
        var started = Stopwatch.GetTimestamp();
        bool synced = false;
        if (_options.ForceSync && (_unsyncedTxns > 0 || _toSync.Count > 0))
        {
            foreach (var rolled in _toSync) rolled.Flush(flushToDisk: true);
            if (_file is not null && _unsyncedTxns > 0) _file.Flush(flushToDisk: true);
            synced = true;
        }
        foreach (var rolled in _toSync) rolled.Dispose();
        _toSync.Clear();

        var result = new TxnLogSyncResult(_unsyncedTxns, _unsyncedBytes, synced, Stopwatch.GetElapsedTime(started));
        if (_unsyncedTxns > 0) _syncs++;
        _unsyncedTxns = 0;
        _unsyncedBytes = 0;
        return result;
    }

    /// <summary>
    /// Ends the current log: the next append opens log.&lt;its zxid&gt;. Buffered entries are flushed now and
    /// fsynced by the next <see cref="Sync"/>, as ZooKeeper's rollLog leaves them to the next commit.
    /// </summary>
    public void Roll()
    {
        if (_file is null) return;
        FlushPending();
        if (_unsyncedTxns > 0 && _options.ForceSync) _toSync.Add(_file);
        else _file.Dispose();
        _file = null;
        CurrentFile = null;
    }

    private void OpenLog(long firstZxid)
    {
        Directory.CreateDirectory(_logDir);
        var path = Path.Combine(_logDir, "log." + DataDirLayout.Hex(firstZxid));
        RefuseToOverwriteEntries(path);
        // FileOutputStream semantics: a leftover file of that name (header only, or zeros) is replaced.
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            Span<byte> header = stackalloc byte[TxnLogFormat.FileHeaderSize];
            BinaryPrimitives.WriteInt32BigEndian(header, TxnLogFormat.Magic);
            BinaryPrimitives.WriteInt32BigEndian(header[4..], TxnLogFormat.Version);
            BinaryPrimitives.WriteInt64BigEndian(header[8..], TxnLogFormat.Dbid);
            // The header goes out before any padding, as FileTxnLog flushes it first.
            RandomAccess.Write(file.SafeFileHandle, header, 0);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        _file = file;
        CurrentFile = path;
        _flushedPosition = TxnLogFormat.FileHeaderSize;
        _paddedSize = TxnLogFormat.FileHeaderSize;
        _bytesWritten += TxnLogFormat.FileHeaderSize;
        _unsyncedBytes += TxnLogFormat.FileHeaderSize;
        _filesCreated++;
    }

    /// <summary>FilePadding.padFile: near the end of the preallocated size, extend it by writing one zero.</summary>
    private void Pad(long position)
    {
        long newSize = TxnLogFormat.SizeWithPadding(position, _paddedSize, _options.PreAllocSize);
        if (newSize == _paddedSize) return;
        ReadOnlySpan<byte> zero = [0];
        RandomAccess.Write(_file!.SafeFileHandle, zero, newSize - 1);
        _paddedSize = newSize;
    }

    private void FlushPending()
    {
        if (_pendingLength == 0 || _file is null) return;
        RandomAccess.Write(_file.SafeFileHandle, _pending.AsSpan(0, _pendingLength), _flushedPosition);
        _flushedPosition += _pendingLength;
        _bytesWritten += _pendingLength;
        _pendingLength = 0;
    }

    private void Grow(int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        ArrayPool<byte>.Shared.Return(_pending);
        _pending = bigger;
    }

    private static void RefuseToOverwriteEntries(string path)
    {
        if (!File.Exists(path)) return;
        using var existing = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Span<byte> firstEntry = stackalloc byte[TxnLogFormat.EntryPrefixSize];
        int read = RandomAccess.Read(existing.SafeFileHandle, firstEntry, TxnLogFormat.FileHeaderSize);
        if (firstEntry[..read].IndexOfAnyExcept((byte)0) >= 0)
            throw new IOException($"{path} already holds txns; refusing to overwrite it with a new log");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (_file is not null) Sync();
        }
        finally
        {
            foreach (var rolled in _toSync) rolled.Dispose();
            _toSync.Clear();
            _file?.Dispose();
            _file = null;
            _entry.Dispose();
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = [];
        }
    }
}

/// <summary>
/// Writer settings. PreAllocSize is in bytes (zookeeper.preAllocSize is in KB: use
/// <see cref="PreAllocKilobytes"/>); 0 turns preallocation off. ForceSync=false skips fsync (forceSync=no).
/// BufferSize is how many bytes of entries are held before they are written out even without a Flush.
/// </summary>
public sealed record TxnLogWriterOptions(
    long PreAllocSize = TxnLogFormat.DefaultPreAllocSize,
    bool ForceSync = true,
    int BufferSize = 1024 * 1024,
    int MaxEntrySize = TxnLogFormat.DefaultMaxEntrySize)
{
    public static long PreAllocKilobytes(long kilobytes) => kilobytes * 1024;
}

/// <summary>What one <see cref="TxnLogWriter.Sync"/> covered: the txns and bytes it made durable.</summary>
public readonly record struct TxnLogSyncResult(int Txns, long Bytes, bool Fsynced, TimeSpan Elapsed);

/// <summary>Totals since the writer was made.</summary>
public readonly record struct TxnLogWriterStats(long TxnsAppended, long BytesWritten, long Syncs, long FilesCreated);
