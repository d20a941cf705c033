using Keeper.Protocol.Records;

namespace Keeper.Storage.Snapshots;

/// <summary>
/// ZooKeeper 3.8's snapshot file (FileSnap, SnapStream, SerializeUtils, DataTree.serialize): FileHeader
/// "ZKSN"/2/-1; sessions; the ACL cache; the nodes; the end marker path "/"; a seal (the Adler32 of every
/// byte before it, as a long, then the string "/"); then, with digests on, a ZxidDigest and a second seal
/// over everything before it. The file is named after the last zxid applied when it was begun.
/// </summary>
public static class SnapshotFormat
{
    public const int Version = 2;
    public const long Dbid = -1;
    /// <summary>The DigestCalculator version ZooKeeper 3.6+ writes.</summary>
    public const int DigestVersion = 2;
    /// <summary>The path that ends the node list, also written after each seal.</summary>
    public const string EndMarker = "/";
    public const string FilePrefix = "snapshot";

    public static FileHeader Header => new(FileHeader.SnapshotMagic, Version, Dbid);

    /// <summary>
    /// SnapStream.isValidSnapshot: for a plain snapshot, isValidCheckedStream (at least 10 bytes and the last
    /// 5 are the string "/", 00 00 00 01 2F, which every complete snapshot ends with); for snapshot.N.gz the
    /// gzip magic. A quick check; the checksums are verified on reading. Snappy snapshots are not supported.
    /// </summary>
    public static bool LooksComplete(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            switch (CompressionOf(path))
            {
                case SnapshotCompression.None:
                    if (file.Length < 10) return false;
                    Span<byte> tail = stackalloc byte[5];
                    file.Seek(-5, SeekOrigin.End);
                    file.ReadExactly(tail);
                    return tail.SequenceEqual((ReadOnlySpan<byte>)[0, 0, 0, 1, (byte)'/']);
                case SnapshotCompression.Gzip:
                    Span<byte> magic = stackalloc byte[2];
                    return file.Length >= 2 && file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
                default:
                    return false;
            }
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>SnapStream.getStreamMode: the last dot-separated part of the name, if it names a method.</summary>
    public static SnapshotCompression CompressionOf(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        int dot = name.LastIndexOf('.');
        if (dot < 0) return SnapshotCompression.None;
        var extension = name[(dot + 1)..];
        if (extension.Equals("gz", StringComparison.OrdinalIgnoreCase)) return SnapshotCompression.Gzip;
        if (extension.Equals("snappy", StringComparison.OrdinalIgnoreCase)) return SnapshotCompression.Snappy;
        return SnapshotCompression.None;
    }
}

/// <summary>zookeeper.snapshot.compression.method, as told by the file name's extension.</summary>
public enum SnapshotCompression
{
    None,
    Gzip,
    Snappy,
}

/// <summary>
/// The tree digest a snapshot carries (DataTree.ZxidDigest): the digest of the tree right after the txn
/// <paramref name="Zxid"/> was applied. ZooKeeper writes (0, 2, 0) when it has none yet.
/// </summary>
public readonly record struct ZxidDigest(long Zxid, int Version, long Digest)
{
    public static ZxidDigest Empty => new(0, SnapshotFormat.DigestVersion, 0);
    public static ZxidDigest Of(long zxid, long digest) => new(zxid, SnapshotFormat.DigestVersion, digest);
}

/// <summary>A snapshot that cannot be read: names the file and the byte offset where reading failed.</summary>
public sealed class SnapshotCorruptException : IOException
{
    public SnapshotCorruptException(string file, long offset, string reason, Exception? inner = null)
        : base($"snapshot {file} is corrupt at offset {offset}: {reason}", inner)
    {
        File = file;
        Offset = offset;
        Reason = reason;
    }

    public string File { get; }
    public long Offset { get; }
    public string Reason { get; }
}
