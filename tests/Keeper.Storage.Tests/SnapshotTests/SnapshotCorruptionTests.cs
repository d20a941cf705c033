using System.Buffers.Binary;
using Keeper.Core.Tree;
using Keeper.Protocol.Records;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.SnapshotTests;

public sealed class SnapshotCorruptionTests
{
    private static string WriteRich(ScratchDir dir, ZxidDigest? digest = null)
    {
        using var w = new Workload();
        RichTree.Build(w);
        return SnapshotFileWriter.WriteAll(dir.Layout, w.Tree, w.Sessions, w.LastZxid, digest);
    }

    [Fact]
    public void A_flipped_byte_inside_node_data_fails_the_seal_naming_the_file_and_the_seal_offset()
    {
        using var dir = new ScratchDir();
        var path = WriteRich(dir);
        var bytes = File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf("hello2"u8);
        bytes[at] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<SnapshotCorruptException>(() => SnapshotFileReader.Load(path));

        Assert.Equal(path, e.File);
        Assert.Equal(bytes.Length - 13, e.Offset);
        Assert.Contains("checksum mismatch", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_damaged_length_is_reported_at_the_offset_of_that_length()
    {
        using var dir = new ScratchDir();
        var path = WriteRich(dir);
        var bytes = File.ReadAllBytes(path);
        int dataLength = bytes.AsSpan().IndexOf("hello2"u8) - 4;
        bytes[dataLength] = 0x7f;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<SnapshotCorruptException>(() => SnapshotFileReader.Load(path));

        Assert.Equal(dataLength, e.Offset);
        Assert.Contains("unreasonable length", e.Message);
    }

    [Fact]
    public void A_truncated_snapshot_is_reported_where_the_file_ends()
    {
        using var dir = new ScratchDir();
        var path = WriteRich(dir);
        long cut = new FileInfo(path).Length / 2;
        using (var file = new FileStream(path, FileMode.Open)) file.SetLength(cut);

        var e = Assert.Throws<SnapshotCorruptException>(() => SnapshotFileReader.Load(path));

        Assert.InRange(e.Offset, cut - 200_100, cut);
        Assert.Matches("ends inside|unreasonable length", e.Message);
    }

    [Fact]
    public void A_file_without_the_snapshot_magic_is_reported_at_offset_0()
    {
        using var dir = new ScratchDir();
        var path = WriteRich(dir);
        var bytes = File.ReadAllBytes(path);
        "ZKLG"u8.CopyTo(bytes);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<SnapshotCorruptException>(() => SnapshotFileReader.Load(path));

        Assert.Equal(0, e.Offset);
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void A_node_listed_before_its_parent_is_reported_at_that_node()
    {
        using var dir = new ScratchDir();
        var tree = new DataTree();
        using var writer = SnapshotFileWriter.Begin(dir.Layout, 1, []);
        writer.WriteNode(tree, "", tree.GetNode("/")!);
        writer.WriteNode("/a/b", null, -1, null, default);
        var path = writer.Complete(null);

        var e = Assert.Throws<SnapshotCorruptException>(() => SnapshotFileReader.Load(path));

        Assert.Contains("the parent /a of /a/b", e.Message);
        Assert.Equal(File.ReadAllBytes(path).AsSpan().IndexOf("\0\0\0\u0004/a/b"u8), e.Offset);
    }

    [Fact]
    public void A_flipped_byte_in_the_digest_fails_the_second_seal()
    {
        using var dir = new ScratchDir();
        var path = WriteRich(dir, ZxidDigest.Of(5, 0x77));
        var bytes = File.ReadAllBytes(path);
        bytes[^14] ^= 0x40; // the last byte of the digest value
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<SnapshotCorruptException>(() => SnapshotFileReader.Load(path));

        Assert.Contains("the seal after the digest", e.Message);
    }

    [Fact]
    public void Verify_reads_a_good_snapshot_to_its_end()
    {
        using var dir = new ScratchDir();
        var path = WriteRich(dir, ZxidDigest.Empty);

        var trailer = SnapshotFileReader.Verify(path);

        Assert.Equal(new FileInfo(path).Length, trailer.Length);
        Assert.Equal(ZxidDigest.Empty, trailer.Digest);
    }

    [Fact]
    public void A_node_path_that_is_null_is_reported()
    {
        using var dir = new ScratchDir();
        var tree = new DataTree();
        using var writer = SnapshotFileWriter.Begin(dir.Layout, 1, []);
        writer.WriteNode(tree, "", tree.GetNode("/")!);
        var path = writer.Complete(null);
        var bytes = File.ReadAllBytes(path);
        int end = bytes.Length - 13 - 5; // the end marker's length field
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(end), -1);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<SnapshotCorruptException>(() => SnapshotFileReader.Load(path));

        Assert.Equal(end, e.Offset);
        Assert.Contains("null", e.Message);
    }
}
