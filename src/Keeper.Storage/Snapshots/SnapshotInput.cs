using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Storage.Snapshots;

/// <summary>
/// Reads a snapshot as Java's BinaryInputArchive over a CheckedInputStream does: big-endian jute values,
/// with a running Adler32 of every byte consumed so the seals can be checked. Every failure is a
/// <see cref="SnapshotCorruptException"/> naming the file and the offset of the value being read (for a SNAP
/// stream a <see cref="SnapStreamCorruptException"/>).
/// A file is read ahead a buffer at a time. A SNAP stream (<see cref="OverStream"/>) shares its socket with
/// the quorum packets that follow it, so it is never read past the bytes the format says must still come:
/// the value being read plus the <c>then</c> bytes its caller knows follow it.
/// </summary>
internal sealed class SnapshotInput : IDisposable
{
    private readonly Stream _stream;
    private readonly long? _length;
    private readonly bool _exact;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _pos;
    private int _end;
    private long _consumedBefore;
    private long _checksum = 1;

    private SnapshotInput(string path, Stream stream, long? length, int maxLength, bool exact = false)
    {
        Path = path;
        _stream = stream;
        _length = length;
        MaxLength = maxLength;
        _exact = exact;
    }

    /// <summary>
    /// A snapshot body arriving on a stream that goes on after it (a SNAP sync): nothing beyond the body is
    /// read, and the stream is left open.
    /// </summary>
    public static SnapshotInput OverStream(string source, Stream stream, int maxLength) =>
        new(source, stream, null, maxLength, exact: true);

    public static SnapshotInput Open(string path, int maxLength)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1,
            FileOptions.SequentialScan);
        try
        {
            return SnapshotFormat.CompressionOf(path) switch
            {
                SnapshotCompression.None => new SnapshotInput(path, file, file.Length, maxLength),
                SnapshotCompression.Gzip => new SnapshotInput(path, new GZipStream(file, CompressionMode.Decompress), null, maxLength),
                _ => throw new NotSupportedException($"snapshot {path} is snappy-compressed, which is not supported"),
            };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public string Path { get; }
    public int MaxLength { get; }

    /// <summary>Bytes consumed so far (of the uncompressed stream).</summary>
    public long Offset => _consumedBefore + _pos;

    /// <summary>The Adler32 of every byte consumed so far.</summary>
    public long Checksum
    {
        get
        {
            Sync();
            return _checksum;
        }
    }

    /// <summary>Bytes left when the length is known (uncompressed files), otherwise null.</summary>
    public long? Remaining => _length - Offset;

    public bool AtEnd => !Fill(1);

    public IOException Corrupt(string reason, long? offset = null, Exception? inner = null) =>
        _exact ? new SnapStreamCorruptException(Path, offset ?? Offset, reason, inner)
        : new SnapshotCorruptException(Path, offset ?? Offset, reason, inner);

    // The *then* arguments below: how many bytes the format guarantees follow the value (a SNAP stream may be
    // read that far ahead, a file is read ahead anyway). 0 is always safe, only slower on a stream.

    public int ReadInt(ValueName what, int then = 0)
    {
        long at = Offset;
        return BinaryPrimitives.ReadInt32BigEndian(Take(4, what, at, then));
    }

    public long ReadLong(ValueName what, int then = 0)
    {
        long at = Offset;
        return BinaryPrimitives.ReadInt64BigEndian(Take(8, what, at, then));
    }

    /// <summary>A jute ustring: null for length -1.</summary>
    public string? ReadString(ValueName what, int then = 0)
    {
        long at = Offset;
        int length = ReadLength(what, at, then);
        if (length < 0) return null;
        try
        {
            // Decoded straight from the read buffer when it fits (every node path does): no byte copy to discard.
            return length <= _buffer.Length
                ? Encoding.UTF8.GetString(Take(length, what, at, then))
                : Encoding.UTF8.GetString(TakeBytes(length, what, at, then));
        }
        catch (DecoderFallbackException e)
        {
            throw Corrupt($"{what} is not valid UTF-8", at, e);
        }
    }

    /// <summary>A jute buffer: null for length -1, distinct from an empty buffer.</summary>
    public byte[]? ReadBuffer(ValueName what, int then = 0)
    {
        long at = Offset;
        int length = ReadLength(what, at, then);
        return length < 0 ? null : TakeBytes(length, what, at, then);
    }

    /// <summary>A count of records each at least <paramref name="minSize"/> bytes long.</summary>
    public int ReadCount(ValueName what, int minSize)
    {
        long at = Offset;
        int count = ReadInt(what);
        if (count < 0 || (Remaining is { } left && (long)count * minSize > left))
            throw Corrupt($"impossible {what} {count}", at);
        return count;
    }

    public List<Acl> ReadAclList(ValueName what)
    {
        long at = Offset;
        int count = ReadInt(what);
        // ZooKeeper's ReferenceCountedACLCache.deserialize refuses a null vector here.
        if (count < 0 || (Remaining is { } left && (long)count * 12 > left))
            throw Corrupt($"impossible ACL count {count} in {what}", at);
        // Without a known length (gzip, a SNAP stream) the count is unchecked: do not let it size the list.
        var list = new List<Acl>(Math.Min(count, 64));
        for (int i = 0; i < count; i++)
        {
            // An ACL is followed by another ACL, the next ACL key or the first node path: 4 bytes at least.
            var perms = (Perms)ReadInt("ACL perms", then: 4);
            var scheme = ReadString("ACL scheme", then: 4) ?? "";
            var id = ReadString("ACL id", then: 4) ?? "";
            list.Add(new Acl(perms, new Id(scheme, id)));
        }
        return list;
    }

    public StatPersisted ReadStatPersisted() => new(
        ReadLong("czxid"), ReadLong("mzxid"), ReadLong("ctime"), ReadLong("mtime"),
        ReadInt("version"), ReadInt("cversion"), ReadInt("aversion"),
        ReadLong("ephemeralOwner"), ReadLong("pzxid"));

    private int ReadLength(ValueName what, long at, int then)
    {
        int length = ReadInt(what, then);
        // BinaryInputArchive.checkLength: jute.maxbuffer plus its extra allowance; also no more than is left.
        if (length < -1 || length > MaxLength || (Remaining is { } left && length > left))
            throw Corrupt($"unreasonable length {length} of {what}", at);
        return length;
    }

    private string Ends => _exact ? "the stream ends" : "the file ends";

    private ReadOnlySpan<byte> Take(int count, ValueName what, long at, int then)
    {
        if (!Fill(count, then)) throw Corrupt($"{Ends} inside {what}", at);
        var span = _buffer.AsSpan(_pos, count);
        _pos += count;
        return span;
    }

    private byte[] TakeBytes(int count, ValueName what, long at, int then)
    {
        var bytes = new byte[count];
        int copied = 0;
        while (copied < count)
        {
            if (!Fill(1, count - copied - 1 + then)) throw Corrupt($"{Ends} inside {what}", at);
            int n = Math.Min(count - copied, _end - _pos);
            _buffer.AsSpan(_pos, n).CopyTo(bytes.AsSpan(copied));
            _pos += n;
            copied += n;
        }
        return bytes;
    }

    /// <summary>
    /// Makes at least <paramref name="count"/> unconsumed bytes available; false at end of file. On a SNAP
    /// stream reads no further than <paramref name="promised"/> bytes beyond those.
    /// </summary>
    private bool Fill(int count, int promised = 0)
    {
        if (_end - _pos >= count) return true;
        Sync();
        int left = _end - _pos;
        if (left > 0) Buffer.BlockCopy(_buffer, _pos, _buffer, 0, left);
        _consumedBefore += _pos;
        _pos = 0;
        _summed = 0;
        _end = left;
        while (_end < count)
        {
            int n;
            try
            {
                int room = _buffer.Length - _end;
                n = _stream.Read(_buffer, _end, _exact ? (int)Math.Min(room, (long)count + promised - _end) : room);
            }
            catch (InvalidDataException e)
            {
                throw Corrupt("the compressed stream is damaged", Offset + _end, e);
            }
            if (n == 0) return false;
            _end += n;
        }
        return true;
    }

    // Bytes up to _pos have been consumed; fold those not yet checksummed into the Adler32.
    private int _summed;

    private void Sync()
    {
        if (_pos > _summed)
        {
            _checksum = Log.Adler32.Update(_checksum, _buffer.AsSpan(_summed, _pos - _summed));
            _summed = _pos;
        }
    }

    /// <summary>Closes a file; a SNAP stream belongs to its connection and stays open.</summary>
    public void Dispose()
    {
        if (!_exact) _stream.Dispose();
    }
}

/// <summary>
/// What a value is, for the error that names it: "the data of" + the node's path. Kept apart and joined only
/// when an error is built, because a snapshot has a million nodes and a message string per value read was
/// more than a third of what loading one allocated.
/// </summary>
internal readonly record struct ValueName(string Text, string? Of = null)
{
    public static implicit operator ValueName(string text) => new(text);

    public override string ToString() => Of is null ? Text : $"{Text} of {Of}";
}
