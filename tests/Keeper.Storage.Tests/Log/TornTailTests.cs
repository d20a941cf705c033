using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;

namespace Keeper.Storage.Tests.TxnLog;

public sealed class TornTailTests
{
    private const int Txns = 4;

    /// <summary>Writes txns 1..4 and returns the log's bytes and where the last entry starts and ends.</summary>
    private static (byte[] Bytes, int LastStart, int LastEnd) WriteLog(DataDirLayout layout, long preAlloc)
    {
        using (var writer = new TxnLogWriter(layout, new TxnLogWriterOptions(PreAllocSize: preAlloc)))
        {
            for (long zxid = 1; zxid <= Txns; zxid++)
                writer.Append(SampleTxns.Header(zxid, OpCode.Create), new CreateTxn($"/n{zxid}", "data"u8.ToArray(), Acls.OpenAclUnsafe, false, (int)zxid), zxid * 1000);
            writer.Sync();
        }
        var entries = TxnLogReader.Open(layout).Entries().ToList();
        return (File.ReadAllBytes(layout.LogPath(1)), (int)entries[^1].Offset, (int)(entries[^1].Offset + entries[^1].Size));
    }

    [Fact]
    public void A_last_entry_torn_at_any_byte_over_preallocated_zeros_is_found_truncated_and_appending_continues()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        var (bytes, start, end) = WriteLog(layout, preAlloc: 4096);
        var clean = bytes.ToArray();
        Array.Clear(clean, start, end - start);

        for (int written = 0; written < end - start; written++)
        {
            var torn = bytes.ToArray();
            Array.Clear(torn, start + written, end - start - written); // the rest of the entry never reached the disk
            File.WriteAllBytes(layout.LogPath(1), torn);

            var tail = ReadExpectingTxns(layout, Txns - 1);
            if (torn.AsSpan().SequenceEqual(clean))
                Assert.Null(tail); // only zeros of the crc's high half were written: nothing to tell apart
            else
                Assert.Equal((layout.LogPath(1), (long)start, 3L), (tail?.File, tail?.Offset, tail?.LastZxid));

            if (tail is not null) TxnLogRepair.TruncateTornTail(tail);
            AppendTheLastTxnAgainAndReadAll(layout);
        }
    }

    [Fact]
    public void A_last_entry_cut_off_by_EOF_at_any_byte_is_found_truncated_and_appending_continues()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        var (bytes, start, end) = WriteLog(layout, preAlloc: 0);

        for (int written = 1; written < end - start; written++)
        {
            File.WriteAllBytes(layout.LogPath(1), bytes[..(start + written)]);

            var tail = ReadExpectingTxns(layout, Txns - 1);
            if (bytes.AsSpan(start, written).IndexOfAnyExcept((byte)0) < 0)
                Assert.Null(tail); // zeros then EOF: the data just ends
            else
                Assert.Equal((layout.LogPath(1), (long)start), (tail?.File, tail?.Offset));

            if (tail is not null) TxnLogRepair.TruncateTornTail(tail);
            AppendTheLastTxnAgainAndReadAll(layout);
        }
    }

    [Fact]
    public void A_torn_tail_is_only_looked_for_in_the_newest_log()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        var (bytes, start, end) = WriteLog(layout, preAlloc: 4096);
        Array.Clear(bytes, end - 5, 5);
        File.WriteAllBytes(layout.LogPath(1), bytes);
        using (var writer = new TxnLogWriter(layout))
        {
            writer.Append(SampleTxns.Header(5, OpCode.Delete), new DeleteTxn("/n1"));
            writer.Sync();
        }

        var error = Assert.Throws<CorruptLogException>(() => TxnLogReader.Open(layout).Entries().ToList());
        Assert.Equal((layout.LogPath(1), (long)start), (error.File, error.Offset));
    }

    [Fact]
    public void A_newest_log_torn_inside_its_header_is_a_torn_tail_at_offset_0_and_is_removed()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        WriteLog(layout, preAlloc: 4096);
        File.WriteAllBytes(layout.LogPath(5), Convert.FromHexString("5A4B4C4700"));

        using var reader = TxnLogReader.Open(layout);
        Assert.Equal(Txns, reader.Entries().Count());
        Assert.Equal((layout.LogPath(5), 0L, 4L), (reader.TornTail?.File, reader.TornTail?.Offset, reader.TornTail?.LastZxid));

        Assert.Equal(Txns, TxnLogReader.LastLoggedZxid(layout));
        TxnLogRepair.TruncateTornTail(reader.TornTail!);
        Assert.False(File.Exists(layout.LogPath(5)));
        Assert.Equal(Txns, TxnLogReader.Open(layout).Entries().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_newest_log_whose_magic_was_cut_short_before_its_preallocated_zeros_is_a_torn_tail(int magicBytes)
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        WriteLog(layout, preAlloc: 4096);
        var torn = new byte[4096];
        Convert.FromHexString("5A4B4C47").AsSpan(0, magicBytes).CopyTo(torn);
        File.WriteAllBytes(layout.LogPath(5), torn);

        using var reader = TxnLogReader.Open(layout);
        Assert.Equal(Txns, reader.Entries().Count());
        Assert.Equal((layout.LogPath(5), 0L), (reader.TornTail?.File, reader.TornTail?.Offset));
    }

    [Fact]
    public void A_cut_magic_followed_by_data_is_corruption_not_a_torn_tail()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        WriteLog(layout, preAlloc: 4096);
        var torn = new byte[4096];
        torn[0] = 0x5A;
        torn[100] = 1;
        File.WriteAllBytes(layout.LogPath(5), torn);

        var error = Assert.Throws<CorruptLogException>(() => TxnLogReader.Open(layout).Entries().ToList());
        Assert.Equal(layout.LogPath(5), error.File);
    }

    [Fact]
    public void LastLoggedZxid_is_the_last_intact_txn_before_a_torn_tail()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        var (bytes, start, end) = WriteLog(layout, preAlloc: 4096);
        Array.Clear(bytes, end - 3, 3);
        File.WriteAllBytes(layout.LogPath(1), bytes);

        Assert.Equal(Txns - 1, TxnLogReader.LastLoggedZxid(layout));
    }

    [Fact]
    public void LastLoggedZxid_is_minus_1_without_logs()
    {
        using var dir = new TempDir();
        Assert.Equal(-1, TxnLogReader.LastLoggedZxid(new DataDirLayout(dir.Path)));
    }

    private static TornTail? ReadExpectingTxns(DataDirLayout layout, int count)
    {
        using var reader = TxnLogReader.Open(layout);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), reader.Entries().Select(e => e.Header.Zxid));
        return reader.TornTail;
    }

    /// <summary>A restarted server logs from the next zxid into a new file; everything must read cleanly.</summary>
    private static void AppendTheLastTxnAgainAndReadAll(DataDirLayout layout)
    {
        var stale = layout.LogPath(Txns);
        if (File.Exists(stale)) File.Delete(stale);
        using (var writer = new TxnLogWriter(layout, new TxnLogWriterOptions(PreAllocSize: 4096)))
        {
            writer.Append(SampleTxns.Header(Txns, OpCode.Create), new CreateTxn($"/n{Txns}", "data"u8.ToArray(), Acls.OpenAclUnsafe, false, Txns), Txns * 1000);
            writer.Sync();
        }
        using var reader = TxnLogReader.Open(layout);
        Assert.Equal(Enumerable.Range(1, Txns).Select(i => (long)i), reader.Entries().Select(e => e.Header.Zxid));
        Assert.Null(reader.TornTail);
        File.Delete(stale);
    }
}
