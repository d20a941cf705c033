using Keeper.Storage.Recovery;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.RecoveryTests;

/// <summary>The data dir Apache ZooKeeper 3.8.0 wrote (Fixtures/apache-3.8.0): snapshots 0, 8, 10, 16 and logs 1, a, 12, 18.</summary>
public sealed class ApacheFixtureRecoveryTests
{
    [Fact]
    public void Apaches_data_dir_recovers_to_the_state_after_its_last_logged_txn()
    {
        using var dir = new ScratchDir();
        var layout = dir.CopyApacheFixture();

        var result = DataDirRecovery.Load(layout);

        Assert.Equal(layout.SnapshotPath(0x16), result.Snapshot);
        Assert.Equal(0x18, result.LastZxid);
        // The zkCli session closed after the snapshot: replaying its closeSession removed it and its ephemeral.
        Assert.Empty(result.Sessions);
        Assert.Null(result.Tree.GetNode("/app/eph"));
        Assert.NotNull(result.Tree.GetNode("/app/x8"));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Apaches_data_dir_recovers_the_same_state_from_its_oldest_snapshot()
    {
        using var dir = new ScratchDir();
        var newest = DataDirRecovery.Load(dir.CopyApacheFixture()).Tree;
        using var other = new ScratchDir();
        var layout = other.CopyApacheFixture("snapshot.0", "log.1", "log.a", "log.12", "log.18");

        var fromZero = DataDirRecovery.Load(layout);

        Assert.Equal(layout.SnapshotPath(0), fromZero.Snapshot);
        // Apache keeps OPEN_ACL_UNSAFE under a real key (restored from snapshot.16) where replay from snapshot.0
        // uses -1, so only the ACL cache's size may differ.
        Assert.Equal(WithoutAclCacheSize(TreeText.Of(newest)), WithoutAclCacheSize(TreeText.Of(fromZero.Tree)));
    }

    private static string WithoutAclCacheSize(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("acl cache entries", StringComparison.Ordinal)));
}
