using System.Buffers.Binary;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;

namespace Keeper.Storage.Tests.TxnLog;

public sealed class CorruptLogTests
{
    private static List<TxnLogEntry> WriteLog(DataDirLayout layout, int txns = 4)
    {
        using (var writer = new TxnLogWriter(layout, new TxnLogWriterOptions(PreAllocSize: 4096)))
        {
            for (long zxid = 1; zxid <= txns; zxid++)
                writer.Append(SampleTxns.Header(zxid, OpCode.SetData), new SetDataTxn("/a", "0123456789"u8.ToArray(), (int)zxid), zxid);
            writer.Sync();
        }
        return TxnLogReader.Open(layout).Entries().ToList();
    }

    [Fact]
    public void A_flipped_byte_anywhere_in_a_middle_entry_is_corruption_naming_file_and_offset_not_a_torn_tail()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        var middle = WriteLog(layout)[1];
        var bytes = File.ReadAllBytes(layout.LogPath(1));

        for (int i = 0; i < middle.Size; i++)
        {
            var damaged = bytes.ToArray();
            damaged[middle.Offset + i] ^= 0x20;
            File.WriteAllBytes(layout.LogPath(1), damaged);

            var error = Assert.Throws<CorruptLogException>(() => TxnLogReader.Open(layout).Entries().ToList());
            Assert.Equal((layout.LogPath(1), middle.Offset), (error.File, error.Offset));
            Assert.Contains(layout.LogPath(1), error.Message);
            Assert.Contains($"offset {middle.Offset}", error.Message);
        }
    }

    [Fact]
    public void The_corruption_message_says_what_is_wrong_and_what_to_do()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        var middle = WriteLog(layout)[2];
        var bytes = File.ReadAllBytes(layout.LogPath(1));
        bytes[middle.Offset + 40] ^= 1;
        File.WriteAllBytes(layout.LogPath(1), bytes);

        var error = Assert.Throws<CorruptLogException>(() => TxnLogReader.Open(layout).Entries().ToList());
        Assert.Contains("Adler32 checksum mismatch", error.Message);
        Assert.Contains("healthy", error.Message);
    }

    [Fact]
    public void A_damaged_length_that_swallows_the_last_entry_is_corruption_not_a_torn_tail()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        var entries = WriteLog(layout);
        var secondToLast = entries[^2];
        var bytes = File.ReadAllBytes(layout.LogPath(1));
        // Now the entry appears to run past the last one into the preallocated zeros.
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan((int)secondToLast.Offset + 8), secondToLast.Size + entries[^1].Size + 100);
        File.WriteAllBytes(layout.LogPath(1), bytes);

        var error = Assert.Throws<CorruptLogException>(() => TxnLogReader.Open(layout).Entries().ToList());
        Assert.Equal(secondToLast.Offset, error.Offset);
    }

    [Fact]
    public void Non_zero_bytes_after_the_end_marker_of_a_bad_last_entry_make_it_corruption()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        var last = WriteLog(layout)[^1];
        var bytes = File.ReadAllBytes(layout.LogPath(1));
        bytes[last.Offset + 20] ^= 1;
        bytes[^1] = 7; // something at the end of the preallocated area
        File.WriteAllBytes(layout.LogPath(1), bytes);

        var error = Assert.Throws<CorruptLogException>(() => TxnLogReader.Open(layout).Entries().ToList());
        Assert.Equal(last.Offset, error.Offset);
    }

    [Fact]
    public void A_file_that_is_not_a_txn_log_is_refused_by_its_magic()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        WriteLog(layout);
        var bytes = File.ReadAllBytes(layout.LogPath(1));
        bytes[3] = (byte)'N'; // ZKSN: a snapshot's magic
        File.WriteAllBytes(layout.LogPath(1), bytes);

        var error = Assert.Throws<CorruptLogException>(() => TxnLogReader.Open(layout).Entries().ToList());
        Assert.Equal(0, error.Offset);
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void An_entry_with_a_valid_checksum_but_an_unknown_txn_type_is_corruption()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using (var writer = new TxnLogWriter(layout))
        {
            writer.Append(SampleTxns.Header(1, OpCode.Ping), null);
            writer.Sync();
        }

        var error = Assert.Throws<CorruptLogException>(() => TxnLogReader.Open(layout).Entries().ToList());
        Assert.Equal(TxnLogFormat.FileHeaderSize, error.Offset);
        Assert.Contains("unknown txn type 11", error.Message);
    }
}
