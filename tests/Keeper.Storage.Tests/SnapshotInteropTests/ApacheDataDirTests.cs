using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Storage.Digest;
using Keeper.Storage.Layout;
using Keeper.Storage.Recovery;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.SnapshotInteropTests;

/// <summary>Data dirs shared with a live Apache ZooKeeper 3.8 server, both ways.</summary>
public sealed class ApacheDataDirTests
{
    [Fact]
    public async Task We_recover_the_state_a_live_Apache_server_left_in_its_snapshots_and_logs()
    {
        using var dir = new ScratchDir();
        var dataDir = dir.File("apache-data");
        await using (var server = await ApacheServer.StartAsync(dataDir, dir.File("apache-conf"), snapCount: 10))
        {
            await using var cli = server.StartCli();
            // zkCli runs piped commands as they come, connected or not: on a loaded machine the first ones
            // would fail with ConnectionLoss (and /app would never exist) if sent before the session is up.
            Assert.True(await cli.WaitForOutputAsync(o => o.Contains("state:SyncConnected"), TimeSpan.FromSeconds(60)), cli.Output);
            foreach (var command in new[]
            {
                "create /app hello", "create /app/nulldata", "create /app/empty ''", "create -s /app/seq- s",
                "create -c /app/box", "create /app/box/child x", "create -t 100000 /app/ttl t", "create -e /app/eph alive",
                "create /app/secret top digest:bob:fyVmFCwVbTJYrznoSu1koqYEYF0=:cdrwa", "set /app hello2",
                "create /app/x1 1", "delete /app/x1", "create /app/x2 2", "create /app/x3 3", "create /app/x4 4",
                "setAcl /app/x4 world:anyone:r", "create /done",
            })
                await cli.WriteLineAsync(command);
            Assert.True(await cli.WaitForOutputAsync(o => o.Contains("Created /done"), TimeSpan.FromSeconds(60)), cli.Output);
            Assert.Contains("Created /app\n", cli.Output.Replace("\r", ""));
            await server.StopAsync(); // killed with the zkCli session still open
        }
        Assert.Contains(new DataDirLayout(dataDir).Snapshots(), s => s.Zxid > 0);

        var result = DataDirRecovery.Load(new DataDirLayout(dataDir));

        var tree = result.Tree;
        Assert.Equal("hello2"u8.ToArray(), tree.GetNode("/app")!.Data!);
        Assert.Null(tree.GetNode("/app/nulldata")!.Data);
        Assert.Null(tree.GetNode("/app/x1"));
        Assert.NotNull(tree.GetNode("/app/seq-0000000002"));
        Assert.Equal(["/app/box"], tree.Containers);
        Assert.Equal(["/app/ttl"], tree.Ttls);
        Assert.Equal(Keeper.Protocol.Records.Acls.ReadAclUnsafe, tree.AclOf(tree.GetNode("/app/x4")!));
        Assert.Equal(1, tree.GetNode("/app/x4")!.Aversion);
        long owner = tree.GetNode("/app/eph")!.EphemeralOwner;
        Assert.Equal(30000, result.Sessions[owner]);
        Assert.Equal(["/app/eph"], tree.EphemeralsOf(owner));
        Assert.Equal(tree.LastProcessedZxid, result.LastZxid);
        Assert.Equal(tree.GetNode("/done")!.Czxid, result.LastZxid);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("digest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apache_starts_on_our_fuzzy_snapshot_plus_our_logs_and_serves_the_final_state()
    {
        using var dir = new ScratchDir();
        var dataDir = dir.File("ours");
        var layout = new DataDirLayout(dataDir);
        using (var w = new Workload(logTo: layout))
        {
            RichTree.Build(w);
            // A fuzzy snapshot: the tree changes between slices, and the log goes on.
            long session = w.NewSession();
            using var writer = SnapshotFileWriter.Begin(layout, w.LastZxid, w.Sessions);
            using (var cursor = new FuzzySnapshotCursor(w.Tree, writer))
            {
                cursor.WriteNext(5);
                w.RollLog();
                w.SetData(session, "/app", "after"u8.ToArray());
                w.Create(session, "/app/late", "late"u8.ToArray(), acl: Workload.BobDigestAll);
                w.Delete(session, "/app/many/n29");
                while (!cursor.WriteNext(7)) w.SetData(session, "/app/utf8", "changing"u8.ToArray());
            }
            writer.Complete(ZxidDigest.Of(w.LastZxid, DigestCalculator.Compute(w.Tree)));
            w.Create(session, "/app/after-snapshot", null);
        }

        await using var server = await ApacheServer.StartAsync(dataDir, dir.File("conf"));
        // zkCli may run the first piped command before its session is up; "ls /" takes that chance.
        var output = await server.CliAsync("ls /", "get /app", "get /app/utf8", "ls /app", "addauth digest bob:secret",
            "getAcl /app/late", "get /app/late", "stat /app/ttl", "ls /app/many");

        Assert.Contains("\nafter\n", output);
        Assert.Contains("\nchanging\n", output);
        Assert.Contains("after-snapshot", output);
        Assert.Contains("'digest,'bob:fyVmFCwVbTJYrznoSu1koqYEYF0=", output);
        Assert.Contains("\nlate\n", output);
        Assert.DoesNotContain("n29", output);
        Assert.Contains("n28", output);
        // Apache took our digest and compared it when its replay reached that zxid.
        Assert.Contains("The digest in the snapshot has digest version of 2", server.Output);
        Assert.DoesNotContain("Digests are not matching", server.Output);
    }
}
