using System.Buffers.Binary;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;

namespace Keeper.Storage.Tests.TxnLog;

public sealed class TxnLogLayoutTests
{
    [Fact]
    public void A_log_is_named_after_its_first_zxid_in_lowercase_hex_under_version_2()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using var writer = new TxnLogWriter(layout);
        writer.Append(SampleTxns.Header(0x1_0000_002aL, OpCode.CreateSession), new CreateSessionTxn(5000));
        writer.Sync();

        Assert.Equal(Path.Combine(dir.Path, "version-2", "log.10000002a"), writer.CurrentFile);
        Assert.True(File.Exists(writer.CurrentFile));
    }

    [Fact]
    public void The_file_header_is_ZKLG_version_2_dbid_0()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using (var writer = new TxnLogWriter(layout))
        {
            writer.Append(SampleTxns.Header(1, OpCode.CreateSession), new CreateSessionTxn(30000));
            writer.Sync();
        }

        var bytes = File.ReadAllBytes(layout.LogPath(1));
        Assert.Equal(Convert.FromHexString("5A4B4C47" + "00000002" + "0000000000000000"), bytes[..16]);
    }

    [Fact]
    public void An_entry_is_crc_long_then_length_then_header_record_digest_then_B()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        var header = new TxnHeader(0x1000016553e0000, 0, 1, 0x19ab0c9d1e2L, OpCode.CreateSession);
        using (var writer = new TxnLogWriter(layout))
        {
            writer.Append(header, new CreateSessionTxn(30000), 0x51c6d660);
            writer.Sync();
        }

        var entry = Convert.FromHexString(
            "01000016553e0000" + "00000000" + "0000000000000001" + "0000019ab0c9d1e2" + "fffffff6" // TxnHeader
            + "00007530"                                                                        // CreateSessionTxn
            + "00000002" + "0000000051c6d660");                                                 // TxnDigest(2, digest)
        var bytes = File.ReadAllBytes(layout.LogPath(1));
        Assert.Equal(48, entry.Length);
        Assert.Equal(Adler32Of(entry), BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(16)));
        Assert.Equal(48, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(24)));
        Assert.Equal(entry, bytes[28..76]);
        Assert.Equal((byte)'B', bytes[76]);
        Assert.All(bytes[77..200], b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_txn_without_digest_has_no_digest_bytes()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using (var writer = new TxnLogWriter(layout))
        {
            writer.Append(SampleTxns.Header(1, OpCode.Error), new ErrorTxn(ErrorCode.NodeExists));
            writer.Sync();
        }

        var bytes = File.ReadAllBytes(layout.LogPath(1));
        Assert.Equal(36, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(24))); // 32 header + 4 err, as Apache's error txns
    }

    [Fact]
    public void Rewriting_Apaches_log_with_our_writer_reproduces_it_byte_for_byte()
    {
        var apache = File.ReadAllBytes(Fixtures.TxnLog("log.1"));
        var entries = TxnLogReader.OpenFiles([Fixtures.TxnLog("log.1")]).Entries().ToList();
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using (var writer = new TxnLogWriter(layout))
        {
            foreach (var e in entries) writer.Append(e.Header, e.Body, e.Digest?.TreeDigest);
            writer.Sync();
        }

        var ours = File.ReadAllBytes(layout.LogPath(1));
        Assert.Equal(27, entries.Count);
        Assert.Equal(apache, ours[..apache.Length]);
        Assert.All(ours[apache.Length..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_fresh_log_is_preallocated_to_16_bytes_plus_64_MiB_by_default()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using var writer = new TxnLogWriter(layout);
        writer.Append(SampleTxns.Header(1, OpCode.CreateSession), new CreateSessionTxn(30000));
        writer.Sync();

        Assert.Equal(16 + 64L * 1024 * 1024, new FileInfo(writer.CurrentFile!).Length);
    }

    [Fact]
    public void The_log_grows_by_another_step_when_a_write_comes_within_4096_bytes_of_its_end()
    {
        const long step = 8192;
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using var writer = new TxnLogWriter(layout, new TxnLogWriterOptions(PreAllocSize: step));
        var data = new byte[1000];
        long zxid = 1;
        var sizes = new List<(long Position, long Size)>();
        while (writer.CurrentLogSize < 3 * step)
        {
            long position = writer.CurrentLogSize;
            writer.Append(SampleTxns.Header(zxid++, OpCode.SetData), new SetDataTxn("/a", data, (int)zxid));
            writer.Flush();
            sizes.Add((position, new FileInfo(writer.CurrentFile!).Length));
        }

        // FilePadding: before each append at position p, if p + 4096 >= size, size += step.
        long expected = 16;
        foreach (var (position, size) in sizes)
        {
            if (position + 4096 >= expected) expected = position > expected ? position + step - (position + step) % step : expected + step;
            Assert.Equal(expected, size);
        }
        Assert.Equal(16 + 4 * step, sizes[^1].Size);
    }

    [Fact]
    public void PreAllocSize_is_given_in_kilobytes_as_zookeeper_preAllocSize()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using var writer = new TxnLogWriter(layout, new TxnLogWriterOptions(PreAllocSize: TxnLogWriterOptions.PreAllocKilobytes(16)));
        writer.Append(SampleTxns.Header(1, OpCode.CreateSession), new CreateSessionTxn(30000));
        writer.Sync();

        Assert.Equal(16 + 16 * 1024, new FileInfo(writer.CurrentFile!).Length);
    }

    [Fact]
    public void With_preallocation_off_the_file_holds_exactly_the_header_and_entries()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using var writer = new TxnLogWriter(layout, new TxnLogWriterOptions(PreAllocSize: 0));
        writer.Append(SampleTxns.Header(1, OpCode.CreateSession), new CreateSessionTxn(30000), 5);
        writer.Sync();

        Assert.Equal(16 + 12 + 48 + 1, new FileInfo(writer.CurrentFile!).Length);
    }

    private static long Adler32Of(byte[] data)
    {
        uint a = 1, b = 0;
        foreach (var x in data) { a = (a + x) % 65521; b = (b + a) % 65521; }
        return (b << 16) | a;
    }
}
