using Keeper.Core.Requests;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;

namespace Keeper.Storage.Tests.TxnLog;

public sealed class TxnLogWriterTests
{
    [Fact]
    public void Appended_txns_stay_in_memory_until_Flush()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using var writer = new TxnLogWriter(layout);
        writer.Append(new Txn(SampleTxns.Header(1, OpCode.CreateSession), new CreateSessionTxn(30000)));

        Assert.Empty(TxnLogReader.Open(layout).Entries());
        writer.Flush();
        Assert.Single(TxnLogReader.Open(layout).Entries());
    }

    [Fact]
    public void One_Sync_covers_every_txn_appended_since_the_last_one()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using var writer = new TxnLogWriter(layout);
        for (long zxid = 1; zxid <= 5; zxid++)
            writer.Append(SampleTxns.Header(zxid, OpCode.SetData), new SetDataTxn("/a", [1, 2, 3], (int)zxid), zxid);
        Assert.Equal(5, writer.PendingTxns);

        var first = writer.Sync();
        writer.Append(SampleTxns.Header(6, OpCode.Delete), new DeleteTxn("/a"), 6);
        var second = writer.Sync();
        var idle = writer.Sync();

        int entry = 12 + (32 + 4 + 2 + 4 + 3 + 4 + 12) + 1;
        Assert.Equal(new[] { 5, 1, 0 }, new[] { first.Txns, second.Txns, idle.Txns });
        Assert.Equal(16 + 5 * entry, first.Bytes); // the file header is part of the first batch
        Assert.True(first.Fsynced);
        Assert.False(idle.Fsynced);
        Assert.Equal(0, writer.PendingTxns);
        Assert.Equal(new TxnLogWriterStats(6, 16 + 5 * entry + second.Bytes, 2, 1), writer.Stats);
    }

    [Fact]
    public void With_forceSync_off_Sync_writes_but_does_not_fsync()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using var writer = new TxnLogWriter(layout, new TxnLogWriterOptions(ForceSync: false));
        writer.Append(SampleTxns.Header(1, OpCode.CreateSession), new CreateSessionTxn(30000));

        var result = writer.Sync();

        Assert.Equal((1, false), (result.Txns, result.Fsynced));
        Assert.Single(TxnLogReader.Open(layout).Entries());
    }

    [Fact]
    public void After_Roll_the_next_append_starts_a_new_log_named_after_its_zxid()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using (var writer = new TxnLogWriter(layout))
        {
            writer.Append(SampleTxns.Header(1, OpCode.CreateSession), new CreateSessionTxn(30000));
            writer.Append(SampleTxns.Header(2, OpCode.Create), new CreateTxn("/a", null, Acls.OpenAclUnsafe, false, 1));
            writer.Roll();
            Assert.Null(writer.CurrentFile);
            writer.Append(SampleTxns.Header(3, OpCode.Delete), new DeleteTxn("/a"));
            var sync = writer.Sync();
            Assert.Equal(3, sync.Txns);
            Assert.Equal(layout.LogPath(3), writer.CurrentFile);
        }

        Assert.Equal([1L, 3L], layout.Logs().Select(l => l.Zxid));
        Assert.Equal([1L, 2L, 3L], TxnLogReader.Open(layout).Entries().Select(e => e.Header.Zxid));
        Assert.Equal([3L], TxnLogReader.Open(layout, 3).Entries().Select(e => e.Header.Zxid));
    }

    [Fact]
    public void A_zxid_not_after_the_last_one_is_refused()
    {
        using var dir = new TempDir();
        using var writer = new TxnLogWriter(new DataDirLayout(dir.Path));
        writer.Append(SampleTxns.Header(5, OpCode.CreateSession), new CreateSessionTxn(30000));

        var error = Assert.Throws<InvalidOperationException>(() =>
            writer.Append(SampleTxns.Header(5, OpCode.CreateSession), new CreateSessionTxn(30000)));
        Assert.Contains("0x5", error.Message);
    }

    [Fact]
    public void More_txns_than_the_buffer_holds_are_written_out_without_a_Flush()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using var writer = new TxnLogWriter(layout, new TxnLogWriterOptions(BufferSize: 4096));
        var data = new byte[1000];
        for (long zxid = 1; zxid <= 10; zxid++) writer.Append(SampleTxns.Header(zxid, OpCode.SetData), new SetDataTxn("/a", data, 1));

        Assert.InRange(TxnLogReader.Open(layout).Entries().Count(), 6, 9);
        writer.Sync();
        Assert.Equal(10, TxnLogReader.Open(layout).Entries().Count());
    }

    [Fact]
    public void An_entry_larger_than_readers_accept_is_refused()
    {
        using var dir = new TempDir();
        using var writer = new TxnLogWriter(new DataDirLayout(dir.Path));

        Assert.Throws<InvalidOperationException>(() =>
            writer.Append(SampleTxns.Header(1, OpCode.SetData), new SetDataTxn("/a", new byte[TxnLogFormat.DefaultMaxEntrySize], 1)));
        Assert.Null(writer.CurrentFile);
    }

    [Fact]
    public void A_new_log_does_not_overwrite_an_existing_log_that_holds_txns()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using (var first = new TxnLogWriter(layout))
        {
            first.Append(SampleTxns.Header(1, OpCode.CreateSession), new CreateSessionTxn(30000));
            first.Sync();
        }

        using var second = new TxnLogWriter(layout);
        Assert.Throws<IOException>(() => second.Append(SampleTxns.Header(1, OpCode.CreateSession), new CreateSessionTxn(30000)));
        Assert.Single(TxnLogReader.Open(layout).Entries());
    }
}
