using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Storage.Snapshots;

/// <summary>Where encoded snapshot bytes go: a checksummed file, a SNAP stream's socket.</summary>
internal interface ISnapshotOutput
{
    void Write(ReadOnlySpan<byte> bytes);
}

/// <summary>
/// The encoding a snapshot file and a SNAP stream share (SerializeUtils.serializeSnapshot and
/// DataTree.serialize): sessions as (id, timeout), the ACL cache as (key, ACL vector), each node as path,
/// data buffer, ACL key and StatPersisted, and the end marker "/". Values are gathered in a
/// <see cref="JuteWriter"/> and handed to the output about <see cref="ChunkSize"/> bytes at a time, so a
/// large tree is never one array.
/// </summary>
internal static class SnapshotBody
{
    public const int ChunkSize = 64 * 1024;

    public static void WriteSessions(JuteWriter w, ISnapshotOutput output, IReadOnlyCollection<(long SessionId, int Timeout)> sessions)
    {
        w.WriteInt(sessions.Count);
        foreach (var (id, timeout) in sessions)
        {
            w.WriteLong(id);
            w.WriteInt(timeout);
            FlushIfFull(w, output);
        }
    }

    /// <summary>ReferenceCountedACLCache.serialize: the entry count, then each key and its list.</summary>
    public static void WriteAcls(JuteWriter w, ISnapshotOutput output, IReadOnlyCollection<KeyValuePair<long, IReadOnlyList<Acl>>> entries)
    {
        w.WriteInt(entries.Count);
        foreach (var (key, acl) in entries)
        {
            w.WriteLong(key);
            Acls.WriteList(w, acl);
            FlushIfFull(w, output);
        }
    }

    /// <summary>DataTree.serializeNodeData: the path ("" for the root), then the DataNode record.</summary>
    public static void WriteNode(JuteWriter w, ISnapshotOutput output, string snapshotPath, byte[]? data, long aclRef, in StatPersisted stat)
    {
        w.WriteString(snapshotPath);
        if (data is { Length: > ChunkSize })
        {
            // Large data goes straight to the output rather than growing the buffer to its size.
            w.WriteInt(data.Length);
            Flush(w, output);
            output.Write(data);
        }
        else
        {
            w.WriteBuffer(data);
        }
        w.WriteLong(aclRef);
        stat.Write(w);
        FlushIfFull(w, output);
    }

    public static void WriteEndMarker(JuteWriter w) => w.WriteString(SnapshotFormat.EndMarker);

    public static void FlushIfFull(JuteWriter w, ISnapshotOutput output)
    {
        if (w.Length >= ChunkSize) Flush(w, output);
    }

    public static void Flush(JuteWriter w, ISnapshotOutput output)
    {
        if (w.Length == 0) return;
        output.Write(w.WrittenSpan);
        w.Reset();
    }
}

/// <summary>Plain stream output (a temporary nodes file, a socket).</summary>
internal sealed class StreamOutput(Stream stream) : ISnapshotOutput
{
    public void Write(ReadOnlySpan<byte> bytes) => stream.Write(bytes);
}
