using System.Text.RegularExpressions;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Dump;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;
using Xunit.Abstractions;

namespace Keeper.Storage.Tests.TxnLog;

public sealed partial class ApacheLogInteropTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"session 0x(?<session>[0-9a-f]+) cxid 0x(?<cxid>[0-9a-f]+) zxid 0x(?<zxid>[0-9a-f]+) (?<type>\w+)")]
    private static partial Regex TxnLine();

    /// <summary>(session, cxid, zxid, type) of each txn line of a TxnLogToolkit-style dump.</summary>
    private static List<string> Txns(string dump) =>
        TxnLine().Matches(dump).Select(m => $"{m.Groups["session"]} {m.Groups["cxid"]} {m.Groups["zxid"]} {m.Groups["type"]}").ToList();

    [Fact]
    public void We_read_every_txn_of_a_log_Apache_wrote()
    {
        using var reader = TxnLogReader.OpenFiles([Fixtures.TxnLog("log.1")]);
        var entries = reader.Entries().ToList();

        var apache = Txns(File.ReadAllText(Fixtures.TxnLog("apache-dump.txt")));
        Assert.Equal(27, apache.Count);
        Assert.Equal(apache, entries.Select(e => $"{e.Header.ClientId:x} {(uint)e.Header.Cxid:x} {e.Header.Zxid:x} {LogDump.OpName(e.Header.Type)}"));
        Assert.Null(reader.TornTail);
        var failedMulti = Assert.IsType<MultiTxn>(entries.Single(e => e.Header.Zxid == 0x11).Body);
        Assert.Equal([OpCode.Create, OpCode.Error, OpCode.Error], failedMulti.Txns.Select(t => t.Type));
        Assert.Equal([ErrorCode.NodeExists, ErrorCode.RuntimeInconsistency], failedMulti.Txns.Skip(1).Select(t => ((ErrorTxn)t.Body!).Err));
        Assert.Equal(["/lost"], Assert.IsType<CloseSessionTxn>(entries[^1].Body).PathsToDelete);
    }

    [Fact]
    public void We_read_Apaches_log_with_its_64_MiB_of_preallocated_zeros()
    {
        using var dir = new TempDir();
        var padded = dir.Combine("log.1");
        File.Copy(Fixtures.TxnLog("log.1"), padded);
        using (var stream = new FileStream(padded, FileMode.Open)) stream.SetLength(16 + 64L * 1024 * 1024);

        using var reader = TxnLogReader.OpenFiles([padded]);
        Assert.Equal(27, reader.Entries().Count());
        Assert.Null(reader.TornTail);
    }

    [Fact]
    public async Task Apaches_TxnLogToolkit_reads_a_log_we_wrote_and_lists_the_same_txns_as_our_dump()
    {
        using var dir = new TempDir();
        var layout = new DataDirLayout(dir.Path);
        using (var writer = new TxnLogWriter(layout))
        {
            long zxid = 1;
            foreach (var (_, type, body, digest) in SampleTxns.ApacheReadable) writer.Append(SampleTxns.Header(zxid++, type), body, digest);
            writer.Sync();
        }

        var (exit, stdout, stderr) = await ApacheZooKeeper.RunJavaAsync(ApacheZooKeeper.ClassPath(),
            "org.apache.zookeeper.server.persistence.TxnLogToolkit", [layout.LogPath(1)]);
        output.WriteLine(stdout + stderr);

        int count = SampleTxns.ApacheReadable.Count();
        Assert.Equal(0, exit);
        Assert.Contains("ZooKeeper Transactional Log File with dbid 0 txnlog format version 2", stdout);
        Assert.Contains($"EOF reached after {count} txns.", stdout);
        Assert.DoesNotContain("CRC ERROR", stdout);
        var ours = LogDump.Format(layout.LogPath(1));
        Assert.Equal(count, Txns(stdout).Count);
        Assert.Equal(Txns(stdout), Txns(ours));
        Assert.Contains("/a,y,1", stdout);
        Assert.Contains("/a,y,1", ours);
    }

    [Fact]
    public async Task Apache_ZooKeeper_restores_its_tree_from_a_log_we_wrote()
    {
        using var dir = new TempDir();
        var data = dir.Combine("data");
        {
            await using (await ApacheZooKeeper.StartAsync(data)) { } // a fresh server writes snapshot.0
            var layout = new DataDirLayout(data);
            Assert.Empty(layout.Logs());
            var open = Acls.OpenAclUnsafe;
            const long s = 0x100000000000042;
            using (var writer = new TxnLogWriter(layout))
            {
                writer.Append(new TxnHeader(s, 0, 1, SampleTxns.Time, OpCode.CreateSession), new CreateSessionTxn(30000));
                writer.Append(new TxnHeader(s, 1, 2, SampleTxns.Time, OpCode.Create), new CreateTxn("/a", "x"u8.ToArray(), open, false, 1));
                writer.Append(new TxnHeader(s, 2, 3, SampleTxns.Time, OpCode.Create2), new CreateTxn("/a/b", null, open, false, 1));
                writer.Append(new TxnHeader(s, 3, 4, SampleTxns.Time, OpCode.SetData), new SetDataTxn("/a", "from keeper"u8.ToArray(), 1));
                writer.Append(new TxnHeader(s, 4, 5, SampleTxns.Time, OpCode.Error), new ErrorTxn(ErrorCode.NodeExists));
                writer.Append(new TxnHeader(s, 5, 6, SampleTxns.Time, OpCode.Multi), new MultiTxn(
                [
                    new(OpCode.Create, new CreateTxn("/m", "m"u8.ToArray(), open, false, 2)),
                    new(OpCode.SetData, new SetDataTxn("/m", "m2"u8.ToArray(), 1)),
                ]));
                writer.Append(new TxnHeader(s, 6, 7, SampleTxns.Time, OpCode.CloseSession), new CloseSessionTxn([]));
                writer.Sync();
            }

            await using var server = await ApacheZooKeeper.StartAsync(data);
            var srvr = await server.FourLetterWordAsync("srvr");
            output.WriteLine(srvr);
            Assert.Contains("Zxid: 0x7", srvr);
            Assert.Contains("Node count: 8", srvr); // 5 + /a, /a/b, /m
            var (exit, stdout, stderr) = await ApacheZooKeeper.RunJavaAsync(ApacheZooKeeper.ClassPath(),
                "org.apache.zookeeper.ZooKeeperMain", ["-server", server.ConnectString, "get", "/a"]);
            output.WriteLine(stdout + stderr);
            Assert.Contains("from keeper", stdout);
        }
    }

    [Fact]
    public async Task We_read_the_log_a_running_Apache_server_writes()
    {
        await LiveApacheLog.RunAsync(output, entries =>
        {
            Assert.Equal(OpCode.CreateSession, entries[0].Header.Type);
            Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Header.Zxid));
            Assert.Contains(entries, e => e.Header.Type == OpCode.Multi);
            Assert.Contains(entries, e => e.Header.Type == OpCode.CreateTtl);
        });
    }
}
