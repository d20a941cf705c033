using System.Buffers.Binary;
using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.SnapStreamTests;

public sealed class SnapStreamCorruptionTests
{
    private static byte[] SmallStream()
    {
        var tree = new DataTree();
        tree.Apply(new TxnHeader(0x42, 1, 0x100000001, 1000, OpCode.Create),
            new CreateTxn("/a", "data"u8.ToArray(), [new Acl(Perms.Read, new Id("ip", "10.0.0.1"))], false, -1));
        using var output = new MemoryStream();
        SnapStream.Write(output, tree, [(0x42, 30000)]);
        return output.ToArray();
    }

    [Fact]
    public void A_stream_cut_anywhere_before_the_end_of_the_signature_is_rejected_as_ending_early()
    {
        var bytes = SmallStream();
        for (int length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<SnapStreamCorruptException>(() => SnapStream.Read(new MemoryStream(bytes[..length])));
            Assert.Contains("the stream ends inside", e.Reason);
            Assert.Contains("SNAP stream", e.Message);
        }
    }

    [Fact]
    public void A_cut_names_what_was_being_read()
    {
        using var w = new Workload();
        RichTree.Build(w);
        using var output = new MemoryStream();
        SnapStream.Write(output, w.Tree, w.Sessions);
        var bytes = output.ToArray();

        // Half way through the 200 000 bytes of /app/big.
        int big = IndexOf(bytes, "/app/big"u8.ToArray());
        var e = Assert.Throws<SnapStreamCorruptException>(() => SnapStream.Read(new TrickleStream(bytes[..(big + 100_000)], 5)));
        Assert.Equal("the stream ends inside the data of /app/big", e.Reason);

        var unsigned = Assert.Throws<SnapStreamCorruptException>(() => SnapStream.Read(new MemoryStream(bytes[..^14])));
        Assert.Equal("the stream ends inside the signature", unsigned.Reason);
        Assert.Equal(bytes.Length - 14, unsigned.Offset);
    }

    [Fact]
    public void A_wrong_signature_is_rejected()
    {
        var bytes = SmallStream();
        bytes[^1] = (byte)'X';

        var e = Assert.Throws<SnapStreamCorruptException>(() => SnapStream.Read(new MemoryStream(bytes)));

        Assert.Contains("missing signature", e.Reason);
        Assert.Contains("\"BenWasHerX\"", e.Reason);
        Assert.Equal(bytes.Length - 14, e.Offset);
    }

    [Fact]
    public void A_null_signature_is_rejected()
    {
        var bytes = SmallStream();
        byte[] nullString = [0xff, 0xff, 0xff, 0xff];

        var e = Assert.Throws<SnapStreamCorruptException>(() => SnapStream.Read(new MemoryStream([.. bytes[..^14], .. nullString])));

        Assert.Contains("got null", e.Reason);
    }

    [Fact]
    public void An_unreasonable_length_is_rejected_before_anything_is_allocated()
    {
        var bytes = SmallStream();
        int a = IndexOf(bytes, [0, 0, 0, 2, (byte)'/', (byte)'a']);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(a), int.MaxValue);

        var e = Assert.Throws<SnapStreamCorruptException>(() => SnapStream.Read(new MemoryStream(bytes)));

        Assert.Equal($"unreasonable length {int.MaxValue} of node path", e.Reason);
        Assert.Equal(a, e.Offset);
    }

    [Fact]
    public void Data_longer_than_the_maximum_length_is_rejected()
    {
        using var w = new Workload();
        RichTree.Build(w);
        using var output = new MemoryStream();
        SnapStream.Write(output, w.Tree, w.Sessions);

        var e = Assert.Throws<SnapStreamCorruptException>(() => SnapStream.Read(new MemoryStream(output.ToArray()), maxLength: 100_000));

        Assert.Equal("unreasonable length 200000 of the data of /app/big", e.Reason);
    }

    [Fact]
    public void A_stream_without_a_root_is_rejected()
    {
        // No sessions, no ACLs, the end marker, the signature.
        byte[] bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte)'/', 0, 0, 0, 10, .. "BenWasHere"u8.ToArray()];

        var e = Assert.Throws<SnapStreamCorruptException>(() => SnapStream.Read(new MemoryStream(bytes)));

        Assert.Equal("the stream has no root node", e.Reason);
    }

    [Fact]
    public void A_node_before_its_parent_is_rejected()
    {
        var bytes = SmallStream();
        int a = IndexOf(bytes, [0, 0, 0, 2, (byte)'/', (byte)'a']);
        bytes[a + 5] = (byte)'b';
        var withOrphan = bytes.ToList();
        withOrphan.InsertRange(a + 5, "x/"u8.ToArray());
        var orphan = withOrphan.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(orphan.AsSpan(a), 4);

        var e = Assert.Throws<SnapStreamCorruptException>(() => SnapStream.Read(new MemoryStream(orphan)));

        Assert.Contains("/x", e.Reason);
        Assert.Equal(a, e.Offset);
    }

    private static int IndexOf(byte[] bytes, byte[] what) => bytes.AsSpan().IndexOf(what);
}
