using Keeper.Core.Tree;
using Keeper.Storage.Purge;
using Keeper.Storage.Snapshots;
using Keeper.Storage.Tests.SnapshotSupport;

namespace Keeper.Storage.Tests.PurgeTests;

public sealed class PurgeTaskTests
{
    [Fact]
    public async Task A_purge_interval_of_0_hours_schedules_nothing()
    {
        using var dir = new ScratchDir();
        var log = new List<string>();

        await using var task = PurgeTask.Start(dir.Layout, 3, purgeIntervalHours: 0, log.Add);

        Assert.False(task.IsScheduled);
        Assert.Contains("Purge task is not scheduled.", log);
    }

    [Fact]
    public async Task A_scheduled_purge_runs_at_start_and_then_on_every_tick()
    {
        using var dir = new ScratchDir();
        foreach (long zxid in new long[] { 1, 2, 3, 4 }) SnapshotFileWriter.WriteAll(dir.Layout, new DataTree(), [], zxid, null);
        var log = new List<string>();

        await using (var task = PurgeTask.Start(dir.Layout, 3, TimeSpan.FromMilliseconds(100), line => { lock (log) log.Add(line); }))
        {
            Assert.True(task.IsScheduled);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline && LinesLike(log, "Purge task completed.") < 2) await Task.Delay(20);
        }

        Assert.False(File.Exists(dir.Layout.SnapshotPath(1)));
        Assert.True(LinesLike(log, "Purge task completed.") >= 2);
    }

    [Fact]
    public async Task A_retain_count_below_3_becomes_3_with_a_warning()
    {
        using var dir = new ScratchDir();
        foreach (long zxid in new long[] { 1, 2, 3, 4 }) SnapshotFileWriter.WriteAll(dir.Layout, new DataTree(), [], zxid, null);
        var log = new List<string>();

        await using var task = PurgeTask.Start(dir.Layout, 1, purgeIntervalHours: 0, log.Add);
        task.RunOnce();

        Assert.Contains("Invalid autopurge.snapRetainCount: 1. Defaulting to 3", log);
        Assert.Equal(3, dir.Layout.Snapshots().Count);
    }

    private static int LinesLike(List<string> log, string line)
    {
        lock (log) return log.Count(l => l == line);
    }
}
