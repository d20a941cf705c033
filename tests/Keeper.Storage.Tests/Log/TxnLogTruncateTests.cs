using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;

namespace Keeper.Storage.Tests.TxnLog;

public sealed class TxnLogTruncateTests
{
    private static void Write(DataDirLayout layout, params long[] zxids)
    {
        using var writer = new TxnLogWriter(layout, new TxnLogWriterOptions(PreAllocSize: 4096));
        foreach (var zxid in zxids) writer.Append(SampleTxns.Header(zxid, OpCode.SetData), new SetDataTxn("/a", [1], (int)zxid));
        writer.Sync();
    }

    [Fact]
    public void TruncateAfter_keeps_txns_up_to_the_zxid_and_deletes_later_logs()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        Write(layout, 1, 2, 3);
        Write(layout, 4, 5, 6);
        Write(layout, 7, 8);

        Assert.True(TxnLogRepair.TruncateAfter(layout, 5));

        Assert.Equal([1L, 4L], layout.Logs().Select(l => l.Zxid));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], TxnLogReader.Open(layout).Entries().Select(e => e.Header.Zxid));
        Write(layout, 6, 7);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], TxnLogReader.Open(layout).Entries().Select(e => e.Header.Zxid));
    }

    [Fact]
    public void TruncateAfter_a_zxid_no_log_holds_changes_nothing()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        Assert.False(TxnLogRepair.TruncateAfter(layout, 5));
        Write(layout, 10, 11);

        Assert.False(TxnLogRepair.TruncateAfter(layout, 5));
        Assert.Equal(2, TxnLogReader.Open(layout).Entries().Count());
    }
}
