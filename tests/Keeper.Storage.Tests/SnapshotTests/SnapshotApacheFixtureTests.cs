using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Digest;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.SnapshotTests;

/// <summary>Snapshots Apache ZooKeeper 3.8.0 wrote (Fixtures/apache-3.8.0, see its README).</summary>
public sealed class SnapshotApacheFixtureTests
{
    private const long CliSession = 0x1000015bf000000;
    private static readonly LoadedSnapshot Snapshot16 = SnapshotFileReader.Load(Fixtures.Apache("snapshot.16"));

    [Fact]
    public void Every_snapshot_Apache_wrote_loads_and_verifies()
    {
        foreach (var name in new[] { "snapshot.0", "snapshot.8", "snapshot.10", "snapshot.16" })
        {
            Assert.True(SnapshotFormat.LooksComplete(Fixtures.Apache(name)), name);
            Assert.NotNull(SnapshotFileReader.Load(Fixtures.Apache(name)).Tree.GetNode("/zookeeper/config"));
        }
    }

    [Fact]
    public void Apaches_live_session_and_its_ephemeral_are_restored()
    {
        Assert.Equal(30000, Assert.Single(Snapshot16.Sessions, s => s.Key == CliSession).Value);
        Assert.Equal(["/app/eph"], Snapshot16.Tree.EphemeralsOf(CliSession));
        Assert.Equal("alive"u8.ToArray(), Snapshot16.Tree.GetNode("/app/eph")!.Data!);
    }

    [Fact]
    public void Apaches_container_and_ttl_nodes_are_indexed()
    {
        Assert.Equal(["/app/box"], Snapshot16.Tree.Containers);
        Assert.Equal(["/app/ttl"], Snapshot16.Tree.Ttls);
        Assert.Equal(100000, EphemeralOwner.TtlOf(Snapshot16.Tree.GetNode("/app/ttl")!.EphemeralOwner));
    }

    [Fact]
    public void Apaches_null_and_empty_data_stay_distinct()
    {
        Assert.Null(Snapshot16.Tree.GetNode("/app/nulldata")!.Data);
        Assert.Equal([], Snapshot16.Tree.GetNode("/app/empty")!.Data!);
    }

    [Fact]
    public void Apaches_acl_lists_are_restored_including_digest_ids_and_its_stored_open_acl()
    {
        var tree = Snapshot16.Tree;
        Assert.Equal(Workload.BobDigestAll, tree.AclOf(tree.GetNode("/app/secret")!));
        Assert.Equal(Workload.AliceRwWorldRead, tree.AclOf(tree.GetNode("/app/empty")!));
        Assert.Equal(Acls.ReadAclUnsafe, tree.AclOf(tree.GetNode("/app/ro")!));
        // Apache stores OPEN_ACL_UNSAFE of client-created nodes under a real key (here 2), not -1.
        Assert.Equal(2, tree.GetNode("/app")!.AclRef);
        Assert.Equal(Acls.OpenAclUnsafe, tree.AclOf(tree.GetNode("/app")!));
        Assert.Equal(-1, tree.GetNode("/")!.AclRef);
    }

    [Fact]
    public void Apaches_stats_are_restored_as_stored()
    {
        var app = Snapshot16.Tree.GetNode("/app")!;
        Assert.Equal((2, 0xe, 0x16, 1, 16), (app.Czxid, app.Mzxid, app.Pzxid, app.Version, app.Cversion));
        Assert.Equal("hello2"u8.ToArray(), app.Data);
        Assert.Equal(0x16, Snapshot16.Tree.LastProcessedZxid);
    }

    [Fact]
    public void Apaches_snapshot_digest_equals_our_digest_of_the_loaded_tree()
    {
        Assert.Equal(new ZxidDigest(0x16, 2, 0x9fc03e20c), Snapshot16.Digest);
        Assert.Equal(0x9fc03e20c, DigestCalculator.Compute(Snapshot16.Tree));
    }

    [Fact]
    public void Our_writer_reproduces_Apaches_snapshot_from_the_tree_it_loaded()
    {
        using var dir = new ScratchDir();
        var tree = Snapshot16.Tree;

        // Same nodes in Apache's file order: the bytes must match exactly, ACL section and seals included.
        var parse = SnapshotDumpOrder(Fixtures.Apache("snapshot.16"));
        using var writer = SnapshotFileWriter.Begin(dir.Layout, 0x16, Snapshot16.Sessions.Select(s => (s.Key, s.Value)));
        foreach (var path in parse) writer.WriteNode(tree, path, tree.GetNode(path.Length == 0 ? "/" : path)!);
        var ours = writer.Complete(Snapshot16.Digest);

        Assert.Equal(File.ReadAllBytes(Fixtures.Apache("snapshot.16")), File.ReadAllBytes(ours));
    }

    /// <summary>The node paths of a snapshot in file order.</summary>
    private static List<string> SnapshotDumpOrder(string file)
    {
        var sink = new PathSink();
        SnapshotParser.Parse(file, sink);
        return sink.Paths;
    }

    private sealed class PathSink : ISnapshotSink
    {
        public List<string> Paths { get; } = [];
        public void OnSession(long sessionId, int timeout) { }
        public void OnAcl(long aclRef, List<Acl> acl) { }
        public void OnNode(string path, byte[]? data, long aclRef, in StatPersisted stat) => Paths.Add(path);
    }
}
