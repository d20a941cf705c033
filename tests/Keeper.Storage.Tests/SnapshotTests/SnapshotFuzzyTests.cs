using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Digest;
using Keeper.Storage.Recovery;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.SnapshotTests;

/// <summary>
/// Snapshots taken while writes go on (a node is written as it is when its turn comes), then recovered by
/// replaying the log from the snapshot's zxid: the result must be exactly the tree the writes produced.
/// </summary>
public sealed class SnapshotFuzzyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Recovery_from_a_fuzzy_snapshot_plus_the_log_gives_exactly_the_final_tree(int seed)
    {
        using var dir = new ScratchDir();
        var random = new Random(seed);
        string expectedTree, expectedSessions;
        using (var w = new Workload(logTo: dir.Layout))
        {
            long main = RichTree.Build(w);
            var mutator = new RandomWrites(w, random, main);
            w.Strict = false; // some random writes fail on ACLs; their error txns are logged and replayed too
            for (int i = 0; i < 40; i++) mutator.One();

            using var writer = SnapshotFileWriter.Begin(dir.Layout, w.LastZxid, w.Sessions);
            w.RollLog();
            using (var cursor = new FuzzySnapshotCursor(w.Tree, writer))
            {
                while (!cursor.WriteNext(random.Next(1, 4)))
                    for (int n = random.Next(0, 4); n > 0; n--) mutator.One();
            }
            writer.Complete(ZxidDigest.Of(w.LastZxid, DigestCalculator.Compute(w.Tree)));
            for (int i = 0; i < 20; i++) mutator.One();

            expectedTree = TreeText.Of(w.Tree);
            expectedSessions = TreeText.Of(w.SessionMap);
        }

        var result = DataDirRecovery.Load(dir.Layout);

        Assert.Equal(expectedTree, TreeText.Of(result.Tree));
        Assert.Equal(expectedSessions, TreeText.Of(result.Sessions));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("digest", StringComparison.Ordinal));
    }

    [Fact]
    public void A_child_deleted_after_its_parent_was_written_still_raises_the_parents_pzxid_on_replay()
    {
        using var dir = new ScratchDir();
        string expected;
        using (var w = new Workload(logTo: dir.Layout))
        {
            long s = w.NewSession();
            w.Create(s, "/p", null);
            w.Create(s, "/p/c", null);
            w.Create(s, "/q", null);
            using var writer = SnapshotFileWriter.Begin(dir.Layout, w.LastZxid, w.Sessions);
            using var cursor = new FuzzySnapshotCursor(w.Tree, writer);
            WriteUntil(cursor, writer, w, "/p");
            w.Delete(s, "/p/c"); // /p is written with its old pzxid; /p/c is gone before its turn
            w.Create(s, "/q/later", null);
            while (!cursor.WriteNext(100)) { }
            writer.Complete(null);
            expected = TreeText.Of(w.Tree);
        }

        Assert.Equal(expected, TreeText.Of(DataDirRecovery.Load(dir.Layout).Tree));
    }

    [Fact]
    public void A_child_created_after_its_parent_was_written_is_replayed_and_raises_the_parents_cversion()
    {
        using var dir = new ScratchDir();
        string expected;
        using (var w = new Workload(logTo: dir.Layout))
        {
            long s = w.NewSession();
            w.Create(s, "/p", null);
            using var writer = SnapshotFileWriter.Begin(dir.Layout, w.LastZxid, w.Sessions);
            using var cursor = new FuzzySnapshotCursor(w.Tree, writer);
            WriteUntil(cursor, writer, w, "/p");
            w.Create(s, "/p/seq-", "x"u8.ToArray(), CreateMode.PersistentSequential);
            while (!cursor.WriteNext(100)) { }
            writer.Complete(null);
            expected = TreeText.Of(w.Tree);
        }

        var tree = DataDirRecovery.Load(dir.Layout).Tree;

        Assert.Equal(expected, TreeText.Of(tree));
        Assert.Equal(1, tree.GetNode("/p")!.Cversion);
    }

    [Fact]
    public void A_node_changed_and_re_acled_after_it_was_written_gets_its_final_state_from_the_log()
    {
        using var dir = new ScratchDir();
        string expected;
        using (var w = new Workload(logTo: dir.Layout))
        {
            long s = w.NewSession();
            w.Create(s, "/n", "v0"u8.ToArray());
            using var writer = SnapshotFileWriter.Begin(dir.Layout, w.LastZxid, w.Sessions);
            using var cursor = new FuzzySnapshotCursor(w.Tree, writer);
            WriteUntil(cursor, writer, w, "/n");
            w.SetData(s, "/n", "v1"u8.ToArray());
            w.SetAcl(s, "/n", [new Acl(Perms.All, new Id("ip", "10.1.2.3"))]);
            while (!cursor.WriteNext(100)) { }
            writer.Complete(null);
            expected = TreeText.Of(w.Tree);
        }

        Assert.Equal(expected, TreeText.Of(DataDirRecovery.Load(dir.Layout).Tree));
    }

    [Fact]
    public void Sessions_opened_and_closed_during_the_snapshot_are_replayed()
    {
        using var dir = new ScratchDir();
        long opened, closed;
        using (var w = new Workload(logTo: dir.Layout))
        {
            closed = w.NewSession(5000);
            w.Create(closed, "/e", null, CreateMode.Ephemeral);
            using var writer = SnapshotFileWriter.Begin(dir.Layout, w.LastZxid, w.Sessions);
            using var cursor = new FuzzySnapshotCursor(w.Tree, writer);
            cursor.WriteNext(1);
            opened = w.NewSession(7000);
            w.CloseSession(closed);
            while (!cursor.WriteNext(100)) { }
            writer.Complete(null);
        }

        var result = DataDirRecovery.Load(dir.Layout);

        Assert.Equal(7000, Assert.Single(result.Sessions, s => s.Key == opened).Value);
        Assert.DoesNotContain(result.Sessions, s => s.Key == closed);
        Assert.Null(result.Tree.GetNode("/e"));
        Assert.Empty(result.Tree.EphemeralsOf(closed));
    }

    /// <summary>Writes nodes until <paramref name="path"/> has been written (the writer's last node).</summary>
    private static void WriteUntil(FuzzySnapshotCursor cursor, SnapshotFileWriter writer, Workload w, string path)
    {
        var target = w.Tree.GetNode(path)!;
        long before;
        do
        {
            before = writer.NodeCount;
            Assert.False(cursor.WriteNext(1), $"{path} was never written");
        }
        while (!LastWrittenIs(w, writer, target) && writer.NodeCount > before);
    }

    private static bool LastWrittenIs(Workload w, SnapshotFileWriter writer, Keeper.Core.Tree.DataNode target) =>
        w.Tree.EnumerateInSnapshotOrder().Select(n => n.Node).ElementAtOrDefault((int)writer.NodeCount - 1) == target;

    /// <summary>Random valid writes over the tree under /app: creates of every kind, deletes of leaves, setData, setACL, sessions.</summary>
    private sealed class RandomWrites(Workload w, Random random, long mainSession)
    {
        private static readonly IReadOnlyList<Acl>[] AclChoices =
            [Acls.OpenAclUnsafe, Acls.ReadAclUnsafe, Workload.BobDigestAll, Workload.AliceRwWorldRead];
        private readonly List<long> _sessions = [mainSession];
        private int _names;

        public void One()
        {
            var paths = w.Tree.Nodes.Select(n => n.Key).Where(p => p.StartsWith("/app", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            var path = paths[random.Next(paths.Count)];
            var node = w.Tree.GetNode(path)!;
            long session = _sessions[random.Next(_sessions.Count)];
            switch (random.Next(10))
            {
                case 0 or 1 or 2 when node.EphemeralOwner == 0 || Keeper.Core.Tree.EphemeralOwner.IsContainer(node.EphemeralOwner):
                    Create(session, path);
                    break;
                case 3 or 4 when path != "/app" && node.ChildCount == 0:
                    w.Delete(session, path);
                    break;
                case 5 or 6:
                    w.SetData(session, path, random.Next(3) == 0 ? null : [(byte)random.Next(256), (byte)_names]);
                    break;
                case 7:
                    w.SetAcl(session, path, random.Next(4) == 0
                        ? [new Acl(Perms.All, new Id("ip", $"10.0.0.{++_names % 250}"))]
                        : AclChoices[random.Next(AclChoices.Length)]);
                    break;
                case 8:
                    _sessions.Add(w.NewSession(random.Next(4000, 40000)));
                    break;
                case 9 when _sessions.Count > 1:
                    long victim = _sessions[random.Next(1, _sessions.Count)];
                    _sessions.Remove(victim);
                    w.CloseSession(victim);
                    break;
                default:
                    w.SetData(session, "/app", [(byte)_names++]);
                    break;
            }
        }

        private void Create(long session, string parent)
        {
            string name = parent + "/n" + (++_names);
            var acl = random.Next(5) == 0 ? [new Acl(Perms.All, new Id("ip", $"10.9.{_names % 250}.1"))] : AclChoices[random.Next(AclChoices.Length)];
            var mode = random.Next(6) switch
            {
                0 => CreateMode.PersistentSequential,
                1 => CreateMode.Ephemeral,
                2 => CreateMode.Container,
                3 => CreateMode.PersistentWithTtl,
                _ => CreateMode.Persistent,
            };
            w.Create(session, name, random.Next(4) == 0 ? null : [(byte)_names], mode, acl, mode == CreateMode.PersistentWithTtl ? 60000 : -1);
        }
    }
}
