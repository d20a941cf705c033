using Keeper.Core.Tree;
using Keeper.Storage.Digest;
using Keeper.Storage.Log;
using Keeper.Storage.Tests.TxnLog;
using Xunit.Abstractions;

namespace Keeper.Storage.Tests.Digests;

public sealed class ApacheDigestTests(ITestOutputHelper output)
{
    /// <summary>
    /// The fixture is the txn log Apache ZooKeeper 3.8.0 wrote for Fixtures/TxnLog/ApacheLogWorkload.java: every
    /// txn type, containers and TTL nodes reaped, an ephemeral's session closed and another expired.
    /// </summary>
    [Fact]
    public void Our_tree_digest_after_each_txn_equals_the_digest_Apache_logged_with_it()
    {
        var tree = new DataTree();
        int compared = 0;
        foreach (var entry in TxnLogReader.OpenFiles([Fixtures.TxnLog("log.1")]).Entries())
        {
            tree.Apply(entry.Header, entry.Body);
            if (entry.Digest is not { } logged) continue;
            Assert.Equal(DigestCalculator.DigestVersion, logged.Version);
            long ours = DigestCalculator.Compute(tree);
            output.WriteLine($"zxid 0x{entry.Header.Zxid:x} {entry.Header.Type}: apache {logged.TreeDigest:x} ours {ours:x}");
            Assert.True(logged.TreeDigest == ours,
                $"after zxid 0x{entry.Header.Zxid:x} ({entry.Header.Type}) Apache logged digest 0x{logged.TreeDigest:x}, we compute 0x{ours:x}");
            compared++;
        }
        Assert.Equal(25, compared); // 27 txns; the two error txns carry no digest
    }

    [Fact]
    public void A_fresh_tree_digests_to_what_Apache_logged_for_its_first_createSession()
    {
        Assert.Equal(0x51c6d660L, DigestCalculator.Compute(new DataTree()));
    }

    [Fact]
    public async Task Live_Apache_3_8_logs_digests_that_equal_ours_for_the_same_txns()
    {
        // Covered by the fixture test without Java; this one regenerates the log with the installed server.
        await LiveApacheLog.RunAsync(output, (entries) =>
        {
            var tree = new DataTree();
            int compared = 0;
            foreach (var entry in entries)
            {
                tree.Apply(entry.Header, entry.Body);
                if (entry.Digest is not { } logged) continue;
                Assert.Equal(logged.TreeDigest, DigestCalculator.Compute(tree));
                compared++;
            }
            Assert.True(compared >= 20, $"only {compared} txns carried a digest");
        });
    }
}
