using System.Globalization;
using System.Text;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Layout;
using Keeper.Storage.Snapshots;

namespace Keeper.Storage.Dump;

// API (stable):
//   string SnapshotDump.Format(string file, bool dumpData = false)    throws SnapshotCorruptException on a bad file
//   int SnapshotDump.Run(string file, TextWriter output, TextWriter error, bool dumpData = false)
//       exit status: 0 ok, 1 corrupt, 2 unreadable

/// <summary>
/// A readable dump of a snapshot in the shape of ZooKeeper's SnapshotFormatter: "ZNode Details (count=N):"
/// and one block per node (its stat with zxids as %#016x, times as Java's Date in UTC, dataLength or, with
/// dumpData, the data in base64), then "Session Details (sid, timeout, ephemeralCount):". After those come
/// what SnapshotFormatter leaves out: the ACL cache (key, nodes using it, the list), each node's ACL key
/// (as "  acl = N" in its block), the digest, and the checksum verdict. Nodes appear in file order.
/// </summary>
public static class SnapshotDump
{
    public static string Format(string file, bool dumpData = false)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        Write(file, output, dumpData);
        return output.ToString();
    }

    /// <summary>Dumps to <paramref name="output"/>; a problem goes to <paramref name="error"/> and sets the status.</summary>
    public static int Run(string file, TextWriter output, TextWriter error, bool dumpData = false)
    {
        try
        {
            Write(file, output, dumpData);
            return 0;
        }
        catch (SnapshotCorruptException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            error.WriteLine($"cannot read {file}: {e.Message}");
            return 2;
        }
    }

    private static void Write(string file, TextWriter output, bool dumpData)
    {
        // Everything is read (and the checksums verified) before anything is printed.
        var sink = new DumpSink(dumpData);
        var trailer = SnapshotParser.Parse(file, sink);
        long fileZxid = DataDirLayout.ZxidOf(file, SnapshotFormat.FilePrefix) ?? -1;

        // SnapshotFormatter's count is DataTree.getNodeCount(), which holds the root twice ("" and "/").
        output.WriteLine($"ZNode Details (count={trailer.NodeCount + 1}):");
        output.Write(sink.Nodes);
        output.WriteLine("----");

        output.WriteLine("Session Details (sid, timeout, ephemeralCount):");
        foreach (var (id, timeout) in sink.Sessions)
            output.WriteLine($"{Hex(id)}, {timeout}, {sink.EphemeralCount(id)}");

        output.WriteLine("----");
        output.WriteLine("ACL Details (key, nodes, acl):");
        foreach (var (key, acl) in sink.Acls)
            output.WriteLine($"{key}, {sink.AclUsers(key)}, {Describe(acl)}");
        if (sink.OpenAclUsers > 0) output.WriteLine($"-1, {sink.OpenAclUsers}, world:anyone:cdrwa (OPEN_ACL_UNSAFE, not stored)");
        foreach (var (key, count) in sink.MissingAcls)
            output.WriteLine($"{key}, {count}, MISSING from the ACL cache");

        output.WriteLine("----");
        output.WriteLine(trailer.Digest is { } d
            ? $"Digest: zxid 0x{d.Zxid:x}, version {d.Version}, digest {d.Digest}"
            : "Digest: none (written with digests off)");
        output.WriteLine($"Checksums: ok ({trailer.Length} bytes)");
        output.WriteLine("----");
        output.WriteLine($"Last zxid: 0x{Math.Max(fileZxid, sink.MaxZxid):x}");
    }

    /// <summary>An ACL list as zkCli's getAcl prints each entry, joined: scheme:id:perms (perms as cdrwa).</summary>
    public static string Describe(IReadOnlyList<Acl> acl) =>
        acl.Count == 0 ? "(empty)" : string.Join(", ", acl.Select(a => $"{a.Id.Scheme}:{a.Id.Identity}:{PermString(a.Perms)}"));

    private static string PermString(Perms perms)
    {
        var text = new StringBuilder(5);
        if (perms.HasFlag(Perms.Create)) text.Append('c');
        if (perms.HasFlag(Perms.Delete)) text.Append('d');
        if (perms.HasFlag(Perms.Read)) text.Append('r');
        if (perms.HasFlag(Perms.Write)) text.Append('w');
        if (perms.HasFlag(Perms.Admin)) text.Append('a');
        return text.ToString();
    }

    /// <summary>Java's String.format("%#016x", value): "0x" and at least 14 hex digits.</summary>
    internal static string Hex(long value) => "0x" + value.ToString("x14", CultureInfo.InvariantCulture);

    /// <summary>java.util.Date.toString() in UTC: "Thu Jan 01 00:00:00 UTC 1970".</summary>
    internal static string JavaDate(long epochMillis)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(epochMillis).UtcDateTime;
        return time.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
    }

    private sealed class DumpSink(bool dumpData) : ISnapshotSink
    {
        private readonly Dictionary<long, int> _ephemerals = [];
        private readonly Dictionary<long, int> _aclUsers = [];

        public StringBuilder Nodes { get; } = new();
        public List<(long Id, int Timeout)> Sessions { get; } = [];
        public List<(long Key, List<Acl> Acl)> Acls { get; } = [];
        public long MaxZxid { get; private set; }
        public int OpenAclUsers { get; private set; }

        public IEnumerable<(long Key, int Count)> MissingAcls =>
            _aclUsers.Where(u => !Acls.Any(a => a.Key == u.Key)).Select(u => (u.Key, u.Value)).OrderBy(u => u.Key);

        public int EphemeralCount(long sessionId) => _ephemerals.GetValueOrDefault(sessionId);
        public int AclUsers(long key) => _aclUsers.GetValueOrDefault(key);

        public void OnSession(long sessionId, int timeout) => Sessions.Add((sessionId, timeout));
        public void OnAcl(long aclRef, List<Acl> acl) => Acls.Add((aclRef, acl));

        public void OnNode(string path, byte[]? data, long aclRef, in StatPersisted stat)
        {
            var n = Nodes;
            n.Append("----\n").Append(path.Length == 0 ? "/" : path).Append('\n');
            n.Append("  cZxid = ").Append(Hex(stat.Czxid)).Append('\n');
            n.Append("  ctime = ").Append(JavaDate(stat.Ctime)).Append('\n');
            n.Append("  mZxid = ").Append(Hex(stat.Mzxid)).Append('\n');
            n.Append("  mtime = ").Append(JavaDate(stat.Mtime)).Append('\n');
            n.Append("  pZxid = ").Append(Hex(stat.Pzxid)).Append('\n');
            n.Append("  cversion = ").Append(stat.Cversion.ToString(CultureInfo.InvariantCulture)).Append('\n');
            n.Append("  dataVersion = ").Append(stat.Version.ToString(CultureInfo.InvariantCulture)).Append('\n');
            n.Append("  aclVersion = ").Append(stat.Aversion.ToString(CultureInfo.InvariantCulture)).Append('\n');
            n.Append("  ephemeralOwner = ").Append(Hex(stat.EphemeralOwner)).Append('\n');
            if (dumpData) n.Append("  data = ").Append(data is null ? "" : Convert.ToBase64String(data)).Append('\n');
            else n.Append("  dataLength = ").Append((data?.Length ?? 0).ToString(CultureInfo.InvariantCulture)).Append('\n');
            n.Append("  acl = ").Append(aclRef.ToString(CultureInfo.InvariantCulture)).Append('\n');

            MaxZxid = Math.Max(MaxZxid, Math.Max(stat.Mzxid, stat.Pzxid));
            long owner = stat.EphemeralOwner;
            if (Core.Tree.EphemeralOwner.IsSession(owner) && path.Length > 0)
                _ephemerals[owner] = _ephemerals.GetValueOrDefault(owner) + 1;
            if (aclRef == Core.Tree.AclCache.OpenAclUnsafeRef) OpenAclUsers++;
            else _aclUsers[aclRef] = _aclUsers.GetValueOrDefault(aclRef) + 1;
        }
    }
}
