using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Dump;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;

namespace Keeper.Storage.Tests.TxnLog;

public sealed class LogDumpTests
{
    private static string WriteSamples(TempDir dir)
    {
        var layout = new DataDirLayout(dir.Path);
        using var writer = new TxnLogWriter(layout);
        long zxid = 1;
        foreach (var (_, type, body, digest) in SampleTxns.All) writer.Append(SampleTxns.Header(zxid++, type), body, digest);
        writer.Sync();
        return layout.LogPath(1);
    }

    [Fact]
    public void The_dump_has_a_header_line_one_line_per_txn_and_an_EOF_line()
    {
        using var dir = new TempDir();
        var lines = LogDump.Format(WriteSamples(dir)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("ZooKeeper Transactional Log File with dbid 0 txnlog format version 2", lines[0]);
        Assert.Equal(SampleTxns.All.Count + 2, lines.Length);
        Assert.Equal($"EOF reached after {SampleTxns.All.Count} txns.", lines[^1]);
    }

    [Fact]
    public void A_txn_line_shows_time_session_cxid_zxid_type_and_the_record_fields()
    {
        var header = new TxnHeader(0x1000016553e0000, 0x2a, 0x100000005, 1_764_000_000_123, OpCode.Create);
        var line = LogDump.FormatTxn(header, new CreateTxn("/a/b", "hello"u8.ToArray(), Acls.OpenAclUnsafe, true, 3));

        Assert.Equal("2025-11-24T16:00:00.123Z session 0x1000016553e0000 cxid 0x2a zxid 0x100000005 create /a/b,hello,[world:anyone:cdrwa],true,3", line);
    }

    [Theory]
    [InlineData("createSession", "createSession 30000")]
    [InlineData("setData", "setData /a,y,1")]
    [InlineData("setACL", "setACL /a/b,[digest:bob:Zw5N2mu3hxZ0eQ+9B0AU9Yb1vKo=:ra],1")]
    [InlineData("error", "error -110")]
    [InlineData("deleteContainer", "deleteContainer /c")]
    [InlineData("failed multi", "multi create:/n1,n1,[world:anyone:cdrwa],false,8;error:-110;error:-2")]
    [InlineData("closeSession", "closeSession [/a/e,/eph]")]
    [InlineData("createTTL", "createTtl /ttl,t,[world:anyone:cdrwa],3,5000")]
    public void Each_record_type_is_written_field_by_field(string sample, string expectedTail)
    {
        var (_, type, body, _) = SampleTxns.All.Single(t => t.Name == sample);
        Assert.EndsWith(" " + expectedTail, LogDump.FormatTxn(SampleTxns.Header(1, type), body));
    }

    [Fact]
    public void A_corrupt_log_gives_a_non_zero_status_and_a_message_naming_the_offset()
    {
        using var dir = new TempDir();
        var file = WriteSamples(dir);
        var entries = TxnLogReader.OpenFiles([file]).Entries().ToList();
        var bytes = File.ReadAllBytes(file);
        bytes[entries[3].Offset + 30] ^= 0xff;
        File.WriteAllBytes(file, bytes);
        var output = new StringWriter();
        var error = new StringWriter();

        int status = LogDump.Run(file, output, error);

        Assert.NotEqual(0, status);
        Assert.Contains($"offset {entries[3].Offset}", error.ToString());
        Assert.Contains(file, error.ToString());
        Assert.Equal(3, output.ToString().Split('\n').Count(l => l.Contains(" zxid 0x", StringComparison.Ordinal)));
        Assert.Throws<CorruptLogException>(() => LogDump.Format(file));
    }

    [Fact]
    public void A_torn_last_entry_is_reported_with_its_offset_and_a_non_zero_status()
    {
        using var dir = new TempDir();
        var file = WriteSamples(dir);
        var last = TxnLogReader.OpenFiles([file]).Entries().Last();
        var bytes = File.ReadAllBytes(file);
        Array.Clear(bytes, (int)last.Offset + 20, last.Size - 20);
        File.WriteAllBytes(file, bytes);
        var output = new StringWriter();
        var error = new StringWriter();

        int status = LogDump.Run(file, output, error);

        Assert.Equal(1, status);
        Assert.Contains($"offset {last.Offset}", error.ToString());
        Assert.Contains($"Torn write at offset {last.Offset}", output.ToString());
    }

    [Fact]
    public void A_missing_file_gives_status_2()
    {
        using var dir = new TempDir();
        var error = new StringWriter();
        Assert.Equal(2, LogDump.Run(dir.Combine("log.1"), new StringWriter(), error));
        Assert.Contains("log.1", error.ToString());
    }

    [Fact]
    public void Our_dump_of_Apaches_log_lists_the_txns_Apaches_TxnLogToolkit_listed()
    {
        var ours = LogDump.Format(Fixtures.TxnLog("log.1")).Split('\n');
        var apache = File.ReadAllText(Fixtures.TxnLog("apache-dump.txt"));

        static string Key(string line) =>
            line.IndexOf(" session ", StringComparison.Ordinal) is var at and >= 0 ? string.Join(' ', line[(at + 1)..].Split(' ').Take(7)) : "";
        var apacheKeys = apache.Split('\n').Select(Key).Where(k => k.Length > 0).ToList();
        var ourKeys = ours.Select(Key).Where(k => k.Length > 0).ToList();
        Assert.Equal(27, ourKeys.Count);
        Assert.Equal(apacheKeys.Select(k => string.Join(' ', k.Split(' ').Take(7))), ourKeys);
        Assert.EndsWith("zxid 0xb setData /a,zz,2", ours[11]);
    }
}
