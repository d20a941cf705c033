using System.Text.Json;
using Keeper.Core.Tree;
using Keeper.Storage.Dump;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.SnapshotInteropTests;

/// <summary>Apache ZooKeeper 3.8's own SnapshotFormatter on snapshots we write.</summary>
public sealed class ApacheReadsOurSnapshotTests
{
    private static (string Path, DataTree Tree) WriteRich(ScratchDir dir)
    {
        using var w = new Workload();
        RichTree.Build(w);
        return (SnapshotFileWriter.WriteAll(dir.Layout, w.Tree, w.Sessions, w.LastZxid, ZxidDigest.Of(w.LastZxid, 42)), w.Tree);
    }

    [Fact]
    public async Task SnapshotFormatter_prints_the_same_nodes_and_stats_as_our_dump()
    {
        using var dir = new ScratchDir();
        var (path, tree) = WriteRich(dir);

        var (exit, stdout, stderr) = await ApacheTools.SnapshotFormatterAsync(path);

        Assert.True(exit == 0, stderr);
        var ours = SnapshotDump.Format(path);
        var theirs = FormatterText.Nodes(stdout);
        Assert.Equal(tree.NodeCount - 1, theirs.Count);
        Assert.Equal(FormatterText.Nodes(ours, "acl").OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => n.Key + "\n" + string.Join("\n", n.Value)),
            theirs.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => n.Key + "\n" + string.Join("\n", n.Value)));
        Assert.Equal(FormatterText.Line(ours, "ZNode Details"), FormatterText.Line(stdout, "ZNode Details"));
        Assert.Equal(FormatterText.Line(ours, "Last zxid"), FormatterText.Line(stdout, "Last zxid"));
    }

    [Fact]
    public async Task SnapshotFormatter_sees_our_sessions_with_their_ephemeral_counts()
    {
        using var dir = new ScratchDir();
        var (path, _) = WriteRich(dir);

        var (exit, stdout, stderr) = await ApacheTools.SnapshotFormatterAsync(path);

        Assert.True(exit == 0, stderr);
        Assert.Equal(FormatterText.Sessions(SnapshotDump.Format(path)).Order(), FormatterText.Sessions(stdout).Order());
        Assert.Equal(2, FormatterText.Sessions(stdout).Count);
    }

    [Fact]
    public async Task SnapshotFormatter_with_d_prints_the_same_data()
    {
        using var dir = new ScratchDir();
        var (path, _) = WriteRich(dir);

        var (exit, stdout, stderr) = await ApacheTools.SnapshotFormatterAsync("-d", path);

        Assert.True(exit == 0, stderr);
        var theirs = FormatterText.Nodes(stdout);
        var ours = FormatterText.Nodes(SnapshotDump.Format(path, dumpData: true), "acl");
        Assert.Equal("  data = " + Convert.ToBase64String(RichTree.Utf8Data), theirs["/app/utf8"].Single(l => l.StartsWith("  data = ", StringComparison.Ordinal)));
        foreach (var (node, lines) in ours) Assert.Equal(lines, theirs[node]);
    }

    [Fact]
    public async Task SnapshotFormatter_with_json_prints_our_tree_shape_and_sizes()
    {
        using var dir = new ScratchDir();
        var (path, tree) = WriteRich(dir);

        var (exit, stdout, stderr) = await ApacheTools.SnapshotFormatterAsync("-json", path);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        Walk(json.RootElement[3], "", seen);
        var expected = new SortedSet<string>(tree.Nodes.Select(n => $"{n.Key} {n.Value.Data?.Length ?? 0}"), StringComparer.Ordinal);
        Assert.Equal(expected, seen);
    }

    /// <summary>ncdu's format: a directory is [info, children...], a leaf is info.</summary>
    private static void Walk(JsonElement element, string parent, SortedSet<string> seen)
    {
        var info = element.ValueKind == JsonValueKind.Array ? element[0] : element;
        string name = info.GetProperty("name").GetString()!;
        string path = name == "/" ? "/" : (parent == "/" ? "" : parent) + "/" + name;
        seen.Add($"{path} {info.GetProperty("dsize").GetInt32()}");
        if (element.ValueKind == JsonValueKind.Array)
            foreach (var child in element.EnumerateArray().Skip(1)) Walk(child, path, seen);
    }

    [Fact]
    public async Task Our_dump_of_Apaches_own_snapshot_matches_its_SnapshotFormatter()
    {
        var file = Fixtures.Apache("snapshot.16");

        var (exit, stdout, stderr) = await ApacheTools.SnapshotFormatterAsync(file);

        Assert.True(exit == 0, stderr);
        var ours = SnapshotDump.Format(file);
        Assert.Equal(FormatterText.Nodes(stdout).OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => n.Key + string.Join("|", n.Value)),
            FormatterText.Nodes(ours, "acl").OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => n.Key + string.Join("|", n.Value)));
        Assert.Equal(FormatterText.Sessions(stdout), FormatterText.Sessions(ours));
    }
}
