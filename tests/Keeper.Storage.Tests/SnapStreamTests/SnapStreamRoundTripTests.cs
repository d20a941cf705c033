using Keeper.Core.Tree;
using Keeper.Storage.Digest;
using Keeper.Storage.Recovery;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.SnapStreamTests;

public sealed class SnapStreamRoundTripTests
{
    private static (Workload Workload, byte[] Bytes) RichStream()
    {
        var w = new Workload();
        RichTree.Build(w);
        using var output = new MemoryStream();
        SnapStream.Write(output, w.Tree, w.Sessions);
        return (w, output.ToArray());
    }

    [Fact]
    public void A_tree_with_data_acls_ephemerals_containers_ttls_and_sessions_reads_back_identical()
    {
        var (w, bytes) = RichStream();
        using var _ = w;

        var loaded = SnapStream.Read(new MemoryStream(bytes));

        Assert.Equal(TreeText.Of(w.Tree), TreeText.Of(loaded.Tree));
        Assert.Equal(TreeText.Of(w.SessionMap), TreeText.Of(loaded.Sessions));
        Assert.Equal(2, loaded.Sessions.Count);
        Assert.True(loaded.Tree.Acls.Count >= 3, "the rich tree uses several ACL keys");
        Assert.NotEmpty(loaded.Tree.EphemeralsOf(loaded.Tree.GetNode("/app/eph")!.EphemeralOwner));
        Assert.Empty(loaded.DanglingAclPaths);
        Assert.Equal(w.Tree.Nodes.Count(), loaded.NodeCount);
        Assert.Equal(bytes.Length, loaded.Length);
    }

    [Fact]
    public void The_digest_of_the_tree_read_back_equals_the_originals()
    {
        var (w, bytes) = RichStream();
        using var _ = w;

        var loaded = SnapStream.Read(new MemoryStream(bytes));

        Assert.Equal(DigestCalculator.Compute(w.Tree), DigestCalculator.Compute(loaded.Tree));
        Assert.Equal(TreeDigest.Of(w.Tree).Value, TreeDigest.Of(loaded.Tree).Value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_stream_that_returns_1_to_7_bytes_per_read_loads_the_same_tree(int seed)
    {
        var (w, bytes) = RichStream();
        using var _ = w;
        var trickle = new TrickleStream(bytes, seed);

        var loaded = SnapStream.Read(trickle);

        Assert.Equal(TreeText.Of(w.Tree), TreeText.Of(loaded.Tree));
        Assert.Equal(TreeText.Of(w.SessionMap), TreeText.Of(loaded.Sessions));
        Assert.Equal(bytes.Length, trickle.Position);
        Assert.True(trickle.Reads > bytes.Length / 7, "every read was short");
    }

    [Fact]
    public void The_bytes_after_the_signature_stay_unread_for_the_quorum_packets()
    {
        var (w, bytes) = RichStream();
        using var _ = w;
        byte[] packets = [0, 0, 0, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var stream = new MemoryStream([.. bytes, .. packets]);

        SnapStream.Read(stream);

        Assert.Equal(bytes.Length, stream.Position);
        Assert.Equal(packets, stream.ToArray()[(int)stream.Position..]);
    }

    [Fact]
    public void The_bytes_after_the_signature_stay_unread_with_short_reads_too()
    {
        var (w, bytes) = RichStream();
        using var _ = w;
        var trickle = new TrickleStream([.. bytes, .. "NEXT PACKET"u8.ToArray()], seed: 7);

        SnapStream.Read(trickle);

        Assert.Equal(bytes.Length, trickle.Position);
    }

    [Fact]
    public void The_stream_ends_with_the_end_marker_and_the_signature()
    {
        using var output = new MemoryStream();
        SnapStream.Write(output, new DataTree(), []);
        var bytes = output.ToArray();

        // ... 00 00 00 01 "/" 00 00 00 0a "BenWasHere": no seal, no digest after the tree.
        Assert.Equal([0, 0, 0, 1, (byte)'/', 0, 0, 0, 10, .. "BenWasHere"u8.ToArray()], bytes[^19..]);
        // No file header either: the session count comes first.
        Assert.Equal([0, 0, 0, 0], bytes[..4]);
    }

    [Fact]
    public void The_writer_hands_the_stream_over_in_chunks_of_about_64_KiB()
    {
        using var w = new Workload();
        long session = w.NewSession();
        w.Create(session, "/many", null);
        for (int i = 0; i < 3000; i++) w.Create(session, $"/many/node-{i:D5}", new byte[200]);
        var output = new RecordingStream();

        SnapStream.Write(output, w.Tree, w.Sessions);

        Assert.True(output.WriteSizes.Count > 5, $"{output.WriteSizes.Count} writes");
        Assert.All(output.WriteSizes, size => Assert.InRange(size, 1, 64 * 1024 + 512));
        Assert.Equal(TreeText.Of(w.Tree), TreeText.Of(SnapStream.Read(new MemoryStream(output.ToArray())).Tree));
    }

    [Fact]
    public void A_tree_loaded_from_the_stream_saves_as_a_snapshot_that_recovery_loads()
    {
        var (w, bytes) = RichStream();
        using var _ = w;
        using var dir = new ScratchDir();
        var loaded = SnapStream.Read(new MemoryStream(bytes));

        long zxid = w.LastZxid;
        var path = loaded.SaveAsSnapshot(dir.Layout, zxid, ZxidDigest.Of(zxid, DigestCalculator.Compute(loaded.Tree)));
        var recovered = DataDirRecovery.Load(dir.Layout);

        Assert.Equal(dir.Layout.SnapshotPath(zxid), path);
        Assert.Equal(zxid, loaded.Tree.LastProcessedZxid);
        Assert.Equal(path, recovered.Snapshot);
        Assert.Equal(zxid, recovered.LastZxid);
        Assert.Equal(TreeText.Of(w.Tree), TreeText.Of(recovered.Tree));
        Assert.Equal(TreeText.Of(w.SessionMap), TreeText.Of(recovered.Sessions));
        Assert.Equal(DigestCalculator.Compute(w.Tree), DigestCalculator.Compute(recovered.Tree));
    }

    [Fact]
    public void A_tree_loaded_from_the_stream_writes_with_SnapshotFileWriter_WriteAll_and_reads_back()
    {
        var (w, bytes) = RichStream();
        using var _ = w;
        using var dir = new ScratchDir();
        var loaded = SnapStream.Read(new MemoryStream(bytes));

        var path = SnapshotFileWriter.WriteAll(dir.Layout, loaded.Tree, loaded.Sessions.Select(s => (s.Key, s.Value)), w.LastZxid, null);
        var file = SnapshotFileReader.Load(path);

        Assert.Equal(TreeText.Of(w.Tree), TreeText.Of(file.Tree));
        Assert.Equal(TreeText.Of(w.SessionMap), TreeText.Of(file.Sessions));
    }
}
