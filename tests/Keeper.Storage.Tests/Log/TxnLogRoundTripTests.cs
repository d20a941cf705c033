using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;

namespace Keeper.Storage.Tests.TxnLog;

public sealed class TxnLogRoundTripTests
{
    [Theory]
    [MemberData(nameof(SampleTxns.Names), MemberType = typeof(SampleTxns))]
    public void Every_txn_type_reads_back_as_written(string name)
    {
        var sample = SampleTxns.All.Single(t => t.Name == name);
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        var header = SampleTxns.Header(7, sample.Type);
        using (var writer = new TxnLogWriter(layout))
        {
            writer.Append(header, sample.Body, sample.Digest);
            writer.Sync();
        }

        using var reader = TxnLogReader.Open(layout);
        Assert.True(reader.MoveNext());
        var entry = reader.Current!;
        Assert.Equal(header, entry.Header);
        Assert.Equal(sample.Body?.GetType(), entry.Body?.GetType());
        Assert.Equal(SampleTxns.Bytes(sample.Body), SampleTxns.Bytes(entry.Body));
        Assert.Equal(sample.Digest is { } d ? new TxnDigest(2, d) : null, entry.Digest);
        Assert.False(reader.MoveNext());
        Assert.Null(reader.TornTail);
    }

    [Fact]
    public void A_sequence_of_every_txn_type_reads_back_in_order_with_file_and_offset()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using (var writer = new TxnLogWriter(layout))
        {
            long zxid = 1;
            foreach (var (_, type, body, digest) in SampleTxns.All) writer.Append(SampleTxns.Header(zxid++, type), body, digest);
            writer.Sync();
        }

        var entries = TxnLogReader.Open(layout).Entries().ToList();
        Assert.Equal(SampleTxns.All.Select(t => t.Type), entries.Select(e => e.Header.Type));
        Assert.Equal(Enumerable.Range(1, SampleTxns.All.Count).Select(i => (long)i), entries.Select(e => e.Header.Zxid));
        Assert.All(entries, e => Assert.Equal(layout.LogPath(1), e.File));
        Assert.Equal(TxnLogFormat.FileHeaderSize, entries[0].Offset);
        for (int i = 1; i < entries.Count; i++) Assert.Equal(entries[i - 1].Offset + entries[i - 1].Size, entries[i].Offset);
    }

    [Fact]
    public void A_create_written_by_an_old_version_without_parentCVersion_reads_with_minus_one()
    {
        // CreateTxnV0: path, data, acl, ephemeral; no parentCVersion and no digest.
        using var v0 = new Keeper.Protocol.Jute.JuteWriter();
        v0.WriteString("/old");
        v0.WriteBuffer("v0"u8.ToArray());
        Acls.WriteList(v0, Acls.OpenAclUnsafe);
        v0.WriteBool(false);
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using (var writer = new TxnLogWriter(layout))
        {
            writer.Append(SampleTxns.Header(1, OpCode.Create), new RawRecord(v0.ToArray()));
            writer.Sync();
        }

        var entry = Assert.Single(TxnLogReader.Open(layout).Entries());
        var create = Assert.IsType<CreateTxn>(entry.Body);
        Assert.Equal(("/old", -1, false), (create.Path, create.ParentCVersion, create.Ephemeral));
        Assert.Null(entry.Digest);
    }

    [Fact]
    public void A_closeSession_with_no_body_reads_as_an_empty_list_of_ephemerals()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using (var writer = new TxnLogWriter(layout))
        {
            writer.Append(SampleTxns.Header(1, OpCode.CloseSession), null);
            writer.Sync();
        }

        var entry = Assert.Single(TxnLogReader.Open(layout).Entries());
        Assert.Empty(Assert.IsType<CloseSessionTxn>(entry.Body).PathsToDelete);
    }

    /// <summary>Pre-serialised record bytes, for writing layouts no current record produces.</summary>
    private sealed record RawRecord(byte[] Bytes) : Keeper.Protocol.Jute.IJuteRecord
    {
        public void Write(Keeper.Protocol.Jute.JuteWriter writer) => writer.WriteRaw(Bytes);
    }
}
