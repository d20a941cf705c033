using System.Buffers;
using System.Buffers.Binary;
using Keeper.Core.Requests;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Storage.Layout;

namespace Keeper.Storage.Log;

// API (stable; recovery uses it):
//   TxnLogReader.Open(DataDirLayout layout, long fromZxid = 0, TxnLogReaderOptions? options = null)
//       the log whose name-zxid is the largest <= fromZxid, then every later log (FileTxnLog.getLogFiles)
//   TxnLogReader.OpenFiles(IReadOnlyList<string> filesOldestFirst, long fromZxid = 0, options)
//   bool MoveNext() / TxnLogEntry Current / IEnumerable<TxnLogEntry> Entries()
//       yields entries with zxid >= fromZxid, in file order
//   TornTail? TornTail          set once iteration ends on a torn last entry of the last log
//   TxnLogReader.SelectLogs(logs, fromZxid), TxnLogReader.LastLoggedZxid(layout)
//   TxnLogRepair.TruncateTornTail(file, offset)     (TxnLogRepair.cs)
// Errors: CorruptLogException (file, offset, problem), ZxidGapException (file, offset, expected, found).

/// <summary>
/// Reads ZooKeeper 3.8 txn logs (FileTxnIterator), checking every entry. The data of a file ends at EOF or
/// at an entry of crc 0 and len 0 (preallocated zeros). A bad entry (Adler32 mismatch, length out of range,
/// missing 'B', cut short) that is the last thing in the last log, with only zeros or EOF after it, is a
/// torn write: iteration stops and <see cref="TornTail"/> says where. Anywhere else it is corruption and
/// <see cref="CorruptLogException"/> is thrown. Consecutive zxids must step by one within an epoch; a new
/// epoch starts at counter 1; otherwise <see cref="ZxidGapException"/>.
/// </summary>
public sealed class TxnLogReader : IDisposable
{
    private const int ChunkSize = 64 * 1024;

    private readonly IReadOnlyList<string> _files;
    private readonly long _fromZxid;
    private readonly TxnLogReaderOptions _options;

    private int _fileIndex = -1;
    private FileStream? _stream;
    private string _file = "";
    private long _fileLength;
    private long _position;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private long _bufferStart;
    private int _bufferLength;
    private bool _finished;
    private long _previousZxid = -1;

    private TxnLogReader(IReadOnlyList<string> files, long fromZxid, TxnLogReaderOptions? options)
    {
        _files = files;
        _fromZxid = fromZxid;
        _options = options ?? new TxnLogReaderOptions();
    }

    /// <summary>Logs of a data dir that hold txns from <paramref name="fromZxid"/> on.</summary>
    public static TxnLogReader Open(DataDirLayout layout, long fromZxid = 0, TxnLogReaderOptions? options = null) =>
        new(SelectLogs(layout.Logs(), fromZxid), fromZxid, options);

    /// <summary>Reads the given files in the given order (the last one is where a torn tail may be).</summary>
    public static TxnLogReader OpenFiles(IReadOnlyList<string> filesOldestFirst, long fromZxid = 0,
        TxnLogReaderOptions? options = null) => new(filesOldestFirst, fromZxid, options);

    /// <summary>
    /// FileTxnLog.getLogFiles: the log whose name-zxid is the largest &lt;= zxid (it may hold zxid), then
    /// every later one. With no log at or before zxid, all of them.
    /// </summary>
    public static IReadOnlyList<string> SelectLogs(IReadOnlyList<(long Zxid, string Path)> logsOldestFirst, long zxid)
    {
        long start = 0;
        foreach (var (logZxid, _) in logsOldestFirst)
            if (logZxid <= zxid && logZxid > start) start = logZxid;
        var files = new List<string>();
        foreach (var (logZxid, path) in logsOldestFirst)
            if (logZxid >= start) files.Add(path);
        return files;
    }

    /// <summary>
    /// The zxid of the last intact txn in the logs (FileTxnLog.getLastLoggedZxid), or -1 when no log holds
    /// one. The newest log that holds a txn decides; a torn tail is ignored, corruption throws. Unlike
    /// ZooKeeper, a newest log with no txn in it (torn header) does not count as its name's zxid.
    /// </summary>
    public static long LastLoggedZxid(DataDirLayout layout, TxnLogReaderOptions? options = null)
    {
        var logs = layout.Logs();
        var readOptions = (options ?? new()) with { CheckZxidGaps = false };
        for (int i = logs.Count - 1; i >= 0; i--)
        {
            long last = -1;
            using var reader = OpenFiles([logs[i].Path], 0, readOptions);
            while (reader.MoveNext()) last = reader.Current!.Header.Zxid;
            if (last >= 0) return last;
        }
        return -1;
    }

    /// <summary>The files this reader goes through, oldest first.</summary>
    public IReadOnlyList<string> Files => _files;

    public TxnLogEntry? Current { get; private set; }

    /// <summary>Where the last log was torn; set when iteration has ended on it, otherwise null.</summary>
    public TornTail? TornTail { get; private set; }

    public IEnumerable<TxnLogEntry> Entries()
    {
        while (MoveNext()) yield return Current!;
    }

    public bool MoveNext()
    {
        while (!_finished)
        {
            if (_stream is null)
            {
                if (!OpenNextFile()) break;
                continue; // opening may have found a torn header
            }
            var entry = ReadEntry();
            if (entry is null)
            {
                CloseFile();
                continue;
            }
            if (entry.Header.Zxid < _fromZxid) continue;
            Current = entry;
            return true;
        }
        _finished = true;
        Current = null;
        CloseFile();
        return false;
    }

    private bool IsLastFile => _fileIndex == _files.Count - 1;

    private bool OpenNextFile()
    {
        if (_fileIndex + 1 >= _files.Count) return false;
        _fileIndex++;
        _file = _files[_fileIndex];
        _stream = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 0);
        _fileLength = _stream.Length;
        _bufferLength = 0;
        _bufferStart = 0;

        var header = Peek(0, TxnLogFormat.FileHeaderSize);
        if (header.Length < TxnLogFormat.FileHeaderSize)
        {
            // The server died as it created the file: the 16-byte header is one write.
            if (IsLastFile) StopAtTornTail(0, $"incomplete file header ({header.Length} of {TxnLogFormat.FileHeaderSize} bytes)");
            else throw new CorruptLogException(_file, 0,
                $"file is {_fileLength} bytes, shorter than the {TxnLogFormat.FileHeaderSize}-byte header, and it is not the newest log");
            return true;
        }
        if (header.IndexOfAnyExcept((byte)0) < 0)
        {
            if (IsLastFile && ZerosFrom(TxnLogFormat.FileHeaderSize)) StopAtTornTail(0, "file header never written (all zeros)");
            else throw new CorruptLogException(_file, 0, "file header is all zeros but the file holds data");
            return true;
        }
        if (IsLastFile && IsTornHeader(header) && ZerosFrom(TxnLogFormat.FileHeaderSize))
        {
            // The header's write reached the disk only in part, and the preallocated zeros follow: nothing was logged.
            StopAtTornTail(0, "file header only partly written");
            return true;
        }
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != TxnLogFormat.Magic)
            throw new CorruptLogException(_file, 0,
                $"bad magic 0x{magic:x8} (a txn log starts with 0x{TxnLogFormat.Magic:x8} \"ZKLG\")",
                "This is not a ZooKeeper txn log; remove it from the log directory.");
        _position = TxnLogFormat.FileHeaderSize;
        return true;
    }

    /// <summary>A header whose first bytes are the magic's first bytes and the rest zeros: the magic cut short.</summary>
    private static bool IsTornHeader(ReadOnlySpan<byte> header)
    {
        Span<byte> magic = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(magic, TxnLogFormat.Magic);
        int written = header[..4].CommonPrefixLength(magic);
        return written is > 0 and < 4 && header[written..].IndexOfAnyExcept((byte)0) < 0;
    }

    /// <summary>The next entry of the open file, or null at the end of its data.</summary>
    private TxnLogEntry? ReadEntry()
    {
        long offset = _position;
        long remaining = _fileLength - offset;
        if (remaining <= 0) return null;

        var prefix = Peek(offset, TxnLogFormat.EntryPrefixSize);
        if (prefix.Length < TxnLogFormat.EntryPrefixSize)
        {
            if (prefix.IndexOfAnyExcept((byte)0) < 0) return null;
            return Bad(offset, null, $"entry cut short: {prefix.Length} of its {TxnLogFormat.EntryPrefixSize} prefix bytes before EOF");
        }
        long crc = BinaryPrimitives.ReadInt64BigEndian(prefix);
        int length = BinaryPrimitives.ReadInt32BigEndian(prefix[8..]);
        if (crc == 0 && length == 0) return null; // preallocated zeros: the end of the data

        if (length <= 0 || length > _options.MaxEntrySize)
            return Bad(offset, null, $"entry length {length} is out of range (1..{_options.MaxEntrySize})");
        long end = offset + TxnLogFormat.EntryOverhead + length;
        if (end > _fileLength)
            return Bad(offset, length, $"entry of {length} bytes runs {end - _fileLength} bytes past the end of the file");

        var body = Peek(offset + TxnLogFormat.EntryPrefixSize, length + 1);
        if (body[length] != TxnLogFormat.EndOfRecord)
            return Bad(offset, length, $"entry does not end with 'B' (0x42) but 0x{body[length]:x2}");
        long actual = Adler32.Compute(body[..length]);
        if (actual != crc)
            return Bad(offset, length, $"Adler32 checksum mismatch: stored 0x{crc:x}, computed 0x{actual:x}");

        TxnHeader header;
        IJuteRecord? record = null;
        TxnDigest? digest = null;
        try
        {
            var entryBytes = body[..length];
            var headerReader = new JuteReader(entryBytes);
            header = TxnHeader.Read(ref headerReader);
            if (header.Zxid >= _fromZxid)
                (header, record, digest) = TxnEntryCodec.Read(entryBytes, _options.MaxBuffer);
        }
        catch (JuteException e)
        {
            // The checksum matched, so this is no torn write: the writer produced something we cannot read.
            throw new CorruptLogException(_file, offset, $"entry has a valid checksum but is not a valid txn: {e.Message}",
                "The log was written by an incompatible or faulty writer; recover from a healthy replica.");
        }

        _position = end;
        CheckSequence(header.Zxid, offset);
        return new TxnLogEntry(header, record, digest, _file, offset, (int)(end - offset));
    }

    private void CheckSequence(long zxid, long offset)
    {
        long previous = _previousZxid;
        _previousZxid = zxid;
        if (!_options.CheckZxidGaps || previous < 0 || zxid < _fromZxid) return;
        bool sameEpoch = zxid >> 32 == previous >> 32;
        bool next = sameEpoch ? zxid == previous + 1 : zxid >> 32 > previous >> 32 && (zxid & 0xFFFFFFFFL) == 1;
        if (!next) throw new ZxidGapException(_file, offset, previous, previous + 1, zxid);
    }

    /// <summary>
    /// A bad entry: a torn tail if it is the last thing in the last log (nothing but zeros or EOF after
    /// it, and no intact entry inside its span), corruption otherwise.
    /// </summary>
    private TxnLogEntry? Bad(long offset, int? length, string problem)
    {
        long available = _fileLength - offset;
        long spanEnd = length is { } len
            ? Math.Min(offset + TxnLogFormat.EntryOverhead + len, _fileLength)
            : offset + Math.Min(TxnLogFormat.EntryPrefixSize, available);
        if (IsLastFile && ZerosFrom(spanEnd) && !HasIntactEntry(offset + 1, spanEnd))
        {
            StopAtTornTail(offset, problem);
            return null;
        }
        string where = IsLastFile
            ? "non-zero data follows it, so it is not a torn final write"
            : "it is not in the newest log, so it is not a torn final write";
        throw new CorruptLogException(_file, offset, $"{problem}; {where}");
    }

    private void StopAtTornTail(long offset, string problem)
    {
        TornTail = new TornTail(_file, offset, problem, _previousZxid);
        _finished = true;
    }

    /// <summary>Whether everything from <paramref name="from"/> to EOF is zero.</summary>
    private bool ZerosFrom(long from)
    {
        for (long at = from; at < _fileLength; at += ChunkSize)
        {
            var chunk = Peek(at, (int)Math.Min(ChunkSize, _fileLength - at));
            if (chunk.IndexOfAnyExcept((byte)0) >= 0) return false;
        }
        return true;
    }

    /// <summary>
    /// Whether an intact entry starts anywhere in [from, to): then the bad entry's length was damaged and
    /// swallowed real entries, which a torn write cannot do.
    /// </summary>
    private bool HasIntactEntry(long from, long to)
    {
        for (long at = from; at + TxnLogFormat.EntryOverhead + TxnLogFormat.TxnHeaderSize <= to; at++)
        {
            var prefix = Peek(at, TxnLogFormat.EntryPrefixSize);
            long crc = BinaryPrimitives.ReadInt64BigEndian(prefix);
            int length = BinaryPrimitives.ReadInt32BigEndian(prefix[8..]);
            if (crc <= 0 || crc > uint.MaxValue || length < TxnLogFormat.TxnHeaderSize || length > _options.MaxEntrySize) continue;
            if (at + TxnLogFormat.EntryOverhead + length > to) continue;
            var body = Peek(at + TxnLogFormat.EntryPrefixSize, length + 1);
            if (body[length] == TxnLogFormat.EndOfRecord && Adler32.Compute(body[..length]) == crc) return true;
        }
        return false;
    }

    /// <summary>Up to <paramref name="count"/> bytes at a file offset (fewer at EOF), valid until the next Peek.</summary>
    private ReadOnlySpan<byte> Peek(long offset, int count)
    {
        count = (int)Math.Min(count, Math.Max(0, _fileLength - offset));
        if (offset < _bufferStart || offset + count > _bufferStart + _bufferLength)
        {
            if (count > _buffer.Length)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(count);
            }
            int want = (int)Math.Min(_buffer.Length, _fileLength - offset);
            int read = 0;
            while (read < want)
            {
                int n = RandomAccess.Read(_stream!.SafeFileHandle, _buffer.AsSpan(read, want - read), offset + read);
                if (n <= 0) break;
                read += n;
            }
            _bufferStart = offset;
            _bufferLength = read;
            count = Math.Min(count, read);
        }
        return _buffer.AsSpan((int)(offset - _bufferStart), count);
    }

    private void CloseFile()
    {
        _stream?.Dispose();
        _stream = null;
    }

    public void Dispose()
    {
        CloseFile();
        _finished = true;
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}

/// <summary>
/// Reader settings. The limits are Apache's BinaryInputArchive.checkLength: any entry, string or buffer may be
/// up to jute.maxbuffer + zookeeper.jute.maxbuffer.extrasize (2 x 0xfffff by default).
/// </summary>
public sealed record TxnLogReaderOptions(
    bool CheckZxidGaps = true,
    int MaxEntrySize = TxnLogFormat.DefaultMaxEntrySize,
    int MaxBuffer = TxnLogFormat.DefaultMaxEntrySize);

/// <summary>One txn read from a log, with where it was: the entry starts at Offset and takes Size bytes.</summary>
public sealed record TxnLogEntry(TxnHeader Header, IJuteRecord? Body, TxnDigest? Digest, string File, long Offset, int Size)
{
    public Txn Txn => new(Header, Body);
}

/// <summary>
/// The newest log ends in a partial write at Offset (Problem says how it looks); LastZxid is the last intact
/// txn read before it (-1 if none). <see cref="TxnLogRepair.TruncateTornTail"/> cuts it off.
/// </summary>
public sealed record TornTail(string File, long Offset, string Problem, long LastZxid);
