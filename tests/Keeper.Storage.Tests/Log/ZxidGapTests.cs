using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;

namespace Keeper.Storage.Tests.TxnLog;

public sealed class ZxidGapTests
{
    private static void Write(DataDirLayout layout, params long[] zxids)
    {
        using var writer = new TxnLogWriter(layout, new TxnLogWriterOptions(PreAllocSize: 4096));
        foreach (var zxid in zxids) writer.Append(SampleTxns.Header(zxid, OpCode.CreateSession), new CreateSessionTxn(30000));
        writer.Sync();
    }

    private static List<long> Read(DataDirLayout layout, long from = 0) =>
        TxnLogReader.Open(layout, from).Entries().Select(e => e.Header.Zxid).ToList();

    [Fact]
    public void A_skipped_zxid_within_an_epoch_is_a_gap_error_naming_file_offset_expected_and_found()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        Write(layout, 1, 2, 4);
        var offsetOf4 = TxnLogReader.Open(layout, 0, new TxnLogReaderOptions(CheckZxidGaps: false)).Entries().Last().Offset;

        var gap = Assert.Throws<ZxidGapException>(() => Read(layout));
        Assert.Equal((layout.LogPath(1), offsetOf4, 3L, 4L), (gap.File, gap.Offset, gap.Expected, gap.Found));
        Assert.Contains("0x3", gap.Message);
        Assert.Contains("0x4", gap.Message);
    }

    [Fact]
    public void A_new_epoch_may_restart_its_counter_at_1()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        Write(layout, 1, 2, (1L << 32) | 1, (1L << 32) | 2, (3L << 32) | 1);

        Assert.Equal([1L, 2L, (1L << 32) | 1, (1L << 32) | 2, (3L << 32) | 1], Read(layout));
    }

    [Fact]
    public void A_new_epoch_that_does_not_start_at_counter_1_is_a_gap()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        Write(layout, 1, 2, (1L << 32) | 5);

        var gap = Assert.Throws<ZxidGapException>(() => Read(layout));
        Assert.Equal(((1L << 32) | 5), gap.Found);
    }

    [Fact]
    public void A_gap_between_two_log_files_is_detected()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        Write(layout, 1, 2, 3);
        Write(layout, 5, 6);

        var gap = Assert.Throws<ZxidGapException>(() => Read(layout));
        Assert.Equal((layout.LogPath(5), 4L, 5L), (gap.File, gap.Expected, gap.Found));
    }

    [Fact]
    public void A_zxid_going_backwards_is_a_gap()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        Write(layout, 1, 2);
        using var other = new TempDir();
        var elsewhere = new DataDirLayout(other.Path);
        Write(elsewhere, 1);
        File.Copy(elsewhere.LogPath(1), layout.LogPath(3)); // a later log that repeats zxid 1

        var gap = Assert.Throws<ZxidGapException>(() => Read(layout));
        Assert.Equal((layout.LogPath(3), 3L, 1L), (gap.File, gap.Expected, gap.Found));
    }

    [Fact]
    public void Reading_from_a_zxid_starts_at_the_log_that_holds_it_and_skips_earlier_txns()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        Write(layout, 1, 2, 3);
        Write(layout, 4, 5, 6);
        Write(layout, 7, 8);

        using var reader = TxnLogReader.Open(layout, 5);
        Assert.Equal([layout.LogPath(4), layout.LogPath(7)], reader.Files);
        Assert.Equal([5L, 6L, 7L, 8L], reader.Entries().Select(e => e.Header.Zxid));
    }

    [Fact]
    public void Gaps_before_the_start_zxid_are_not_checked()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        Write(layout, 1, 3, 4, 5);

        Assert.Equal([4L, 5L], Read(layout, 4));
    }

    [Fact]
    public void Gap_checking_can_be_turned_off()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        Write(layout, 1, 3);

        Assert.Equal(2, TxnLogReader.Open(layout, 0, new TxnLogReaderOptions(CheckZxidGaps: false)).Entries().Count());
    }
}
