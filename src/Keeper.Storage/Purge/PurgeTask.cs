using Keeper.Storage.Layout;

namespace Keeper.Storage.Purge;

/// <summary>
/// ZooKeeper's DatadirCleanupManager: runs <see cref="PurgeTxnLog.Purge"/> every
/// <c>autopurge.purgeInterval</c> hours (0 or less means never, the default) with
/// <c>autopurge.snapRetainCount</c> (default 3). The first purge runs right at start, as ZooKeeper's timer
/// does. A failed purge is reported and the timer keeps going.
/// </summary>
public sealed class PurgeTask : IAsyncDisposable
{
    private readonly DataDirLayout _layout;
    private readonly int _snapRetainCount;
    private readonly Action<string>? _log;
    private readonly PeriodicTimer? _timer;
    private readonly Task _loop = Task.CompletedTask;
    private readonly CancellationTokenSource _stop = new();

    private PurgeTask(DataDirLayout layout, int snapRetainCount, TimeSpan? interval, Action<string>? log)
    {
        _layout = layout;
        _snapRetainCount = snapRetainCount;
        _log = log;
        if (interval is { } every)
        {
            _timer = new PeriodicTimer(every);
            _loop = Task.Run(LoopAsync);
        }
    }

    /// <summary>
    /// Starts purging every <paramref name="purgeIntervalHours"/> hours. With an interval of 0 or less nothing
    /// is scheduled (ZooKeeper logs "Purge task is not scheduled"). A snapRetainCount below 3 becomes 3 with a
    /// warning, as QuorumPeerConfig does.
    /// </summary>
    public static PurgeTask Start(DataDirLayout layout, int snapRetainCount = PurgeTxnLog.MinSnapRetainCount,
        int purgeIntervalHours = 0, Action<string>? log = null) =>
        Start(layout, snapRetainCount, purgeIntervalHours <= 0 ? null : TimeSpan.FromHours(purgeIntervalHours), log);

    /// <summary>The same with any interval (tests); null schedules nothing.</summary>
    public static PurgeTask Start(DataDirLayout layout, int snapRetainCount, TimeSpan? interval, Action<string>? log = null)
    {
        if (snapRetainCount < PurgeTxnLog.MinSnapRetainCount)
        {
            log?.Invoke($"Invalid autopurge.snapRetainCount: {snapRetainCount}. Defaulting to {PurgeTxnLog.MinSnapRetainCount}");
            snapRetainCount = PurgeTxnLog.MinSnapRetainCount;
        }
        if (interval is null) log?.Invoke("Purge task is not scheduled.");
        return new PurgeTask(layout, snapRetainCount, interval, log);
    }

    public bool IsScheduled => _timer is not null;

    /// <summary>Purges now (what each tick does); returns the deleted files, or none if it failed.</summary>
    public IReadOnlyList<string> RunOnce()
    {
        try
        {
            _log?.Invoke("Purge task started.");
            var deleted = PurgeTxnLog.Purge(_layout, _snapRetainCount, _log);
            _log?.Invoke("Purge task completed.");
            return deleted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log?.Invoke($"Error occurred while purging: {e.Message}");
            return [];
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            do
            {
                RunOnce();
            }
            while (await _timer!.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _timer?.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
