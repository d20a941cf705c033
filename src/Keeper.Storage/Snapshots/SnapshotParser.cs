using System.Globalization;
using Keeper.Protocol.Records;

namespace Keeper.Storage.Snapshots;

/// <summary>What a snapshot holds, handed over in file order as it is read.</summary>
internal interface ISnapshotSink
{
    void OnSession(long sessionId, int timeout);
    void OnAcl(long aclRef, List<Acl> acl);
    /// <summary>May throw <see cref="InvalidDataException"/>; the parser reports it at the node's offset.</summary>
    void OnNode(string path, byte[]? data, long aclRef, in StatPersisted stat);
}

/// <summary>What follows the nodes: the digest (if written) and where the data ends.</summary>
public sealed record SnapshotTrailer(long NodeCount, ZxidDigest? Digest, long Length);

/// <summary>
/// Walks a snapshot file as FileSnap.deserialize does, checking what ZooKeeper checks (magic, that lengths
/// are sane, the seal after the nodes, the seal after the digest) and a little more (that no value runs past
/// the end of the file, that a node path is not null).
/// </summary>
internal static class SnapshotParser
{
    /// <summary>jute.maxbuffer (0xfffff) plus BinaryInputArchive's default extra allowance of the same size.</summary>
    public const int DefaultMaxLength = 2 * 0xfffff;

    public static SnapshotTrailer Parse(string path, ISnapshotSink sink, int maxLength = DefaultMaxLength)
    {
        using var input = SnapshotInput.Open(path, maxLength);

        int magic = input.ReadInt("file header magic");
        if (magic != FileHeader.SnapshotMagic)
            throw input.Corrupt($"mismatching magic header 0x{magic:x8}, a snapshot starts with 0x{FileHeader.SnapshotMagic:x8} (\"ZKSN\")", 0);
        // ZooKeeper reads the version and dbid but does not check them.
        input.ReadInt("file header version");
        input.ReadLong("file header dbid");

        long nodes = ReadBody(input, sink);

        CheckSeal(input, "the seal after the nodes");
        if (input.AtEnd) return new SnapshotTrailer(nodes, null, input.Offset);

        long digestZxid = input.ReadLong("digest zxid");
        int digestVersion = input.ReadInt("digest version");
        long digest;
        if (digestVersion < 2)
        {
            // Digest version 1 stored the digest as a hex string.
            long at = input.Offset;
            var text = input.ReadString("digest");
            digest = 0;
            if (text is not null && !long.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out digest))
                throw input.Corrupt($"digest \"{text}\" is not hex", at);
        }
        else
        {
            digest = input.ReadLong("digest");
        }
        CheckSeal(input, "the seal after the digest");
        return new SnapshotTrailer(nodes, new ZxidDigest(digestZxid, digestVersion, digest), input.Offset);
    }

    /// <summary>
    /// What a snapshot file and a SNAP stream share (SerializeUtils.serializeSnapshot): the sessions, the ACL
    /// cache, the nodes and the end marker "/". Returns the number of nodes.
    /// </summary>
    public static long ReadBody(SnapshotInput input, ISnapshotSink sink)
    {
        int sessions = input.ReadCount("session count", 12);
        for (int i = 0; i < sessions; i++)
        {
            long id = input.ReadLong("session id", then: 8);
            int timeout = input.ReadInt("session timeout", then: 4);
            sink.OnSession(id, timeout);
        }

        int acls = input.ReadCount("ACL cache size", 12);
        for (int i = 0; i < acls; i++)
        {
            long aclRef = input.ReadLong("ACL cache key", then: 4);
            sink.OnAcl(aclRef, input.ReadAclList($"the ACL list of key {aclRef}"));
        }

        long nodes = 0;
        while (true)
        {
            long at = input.Offset;
            string nodePath = input.ReadString("node path", then: NodePathThen) ?? throw input.Corrupt("a node path is null", at);
            if (nodePath == SnapshotFormat.EndMarker) break;
            byte[]? data = input.ReadBuffer(new ValueName("the data", Show(nodePath)), then: NodeDataThen);
            long aclRef = input.ReadLong(new ValueName("the ACL key", Show(nodePath)));
            var stat = input.ReadStatPersisted();
            try
            {
                sink.OnNode(nodePath, data, aclRef, stat);
            }
            catch (InvalidDataException e)
            {
                throw input.Corrupt(e.Message, at, e);
            }
            nodes++;
        }
        return nodes;
    }

    // What the format guarantees follows a value, so a SNAP stream can be read in few calls and yet no further
    // than it goes: after a node path the data's length (after the end marker the signature's length, or a
    // seal); after a node's data its ACL key (8), its stat (60) and the next path's length (4). After a
    // session comes another session or the ACL count; after an ACL key its list's count.
    private const int NodePathThen = 4;
    private const int NodeDataThen = 8 + 60 + 4;

    /// <summary>SnapStream.checkSealIntegrity: the Adler32 of everything so far, then a string ("/", not checked).</summary>
    private static void CheckSeal(SnapshotInput input, string what)
    {
        long expected = input.Checksum;
        long at = input.Offset;
        long written = input.ReadLong(what);
        input.ReadString(what + " (its \"/\")");
        if (written != expected)
            throw input.Corrupt($"checksum mismatch in {what}: the file says 0x{written:x}, its bytes give 0x{expected:x}", at);
    }

    private static string Show(string path) => path.Length == 0 ? "the root" : path;
}
