using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.SnapStreamTests;

/// <summary>
/// Our SNAP stream against Apache ZooKeeper 3.8's own serializers (SerializeUtils.serializeSnapshot plus the
/// "BenWasHere" signature as LearnerHandler writes it; deserializeSnapshot plus readString("signature") as
/// Learner reads it), run by SnapStreamApache.java. Both sides print the tree, sessions and digest the same way.
/// </summary>
public sealed class SnapStreamInteropTests
{
    [Fact]
    public async Task Apaches_SNAP_stream_loads_as_the_tree_Apache_serialized_even_through_short_reads()
    {
        using var dir = new ScratchDir();
        var file = dir.File("apache.snap");
        var apache = await ApacheSnapStream.WriteAsync(file);
        var bytes = await File.ReadAllBytesAsync(file);
        var stream = new TrickleStream([.. bytes, .. "after"u8.ToArray()], seed: 11);

        var loaded = SnapStream.Read(stream);

        Assert.Equal(apache, SnapText.Of(loaded.Tree, loaded.Sessions));
        Assert.Equal(bytes.Length, stream.Position);
        Assert.Empty(loaded.DanglingAclPaths);
    }

    [Fact]
    public async Task Apache_loads_our_SNAP_stream_as_the_tree_we_wrote()
    {
        using var dir = new ScratchDir();
        using var w = new Workload();
        RichTree.Build(w);
        var file = dir.File("ours.snap");
        using (var output = File.Create(file)) SnapStream.Write(output, w.Tree, w.Sessions);

        var apache = await ApacheSnapStream.ReadAsync(file);

        Assert.StartsWith("trailing 0\n", apache);
        Assert.Equal(SnapText.Of(w.Tree, w.SessionMap), apache["trailing 0\n".Length..]);
    }

    [Fact]
    public async Task A_tree_that_came_from_Apache_goes_back_to_Apache_unchanged()
    {
        using var dir = new ScratchDir();
        var first = dir.File("apache.snap");
        var apache = await ApacheSnapStream.WriteAsync(first);
        var loaded = SnapStream.Read(new MemoryStream(await File.ReadAllBytesAsync(first)));
        var second = dir.File("ours.snap");
        using (var output = File.Create(second)) SnapStream.Write(output, loaded.Tree, loaded.Sessions.Select(s => (s.Key, s.Value)));

        var reread = await ApacheSnapStream.ReadAsync(second);

        Assert.Equal("trailing 0\n" + apache, reread);
    }
}
