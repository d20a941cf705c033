using Keeper.Core.Requests;
using Keeper.Server.Logging;
using Keeper.Server.Pipeline;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;

namespace Keeper.Server.Persistence;

/// <summary>
/// The txn log with group commit. The sequencer appends txns from its thread; a dedicated sync thread
/// takes everything appended so far, writes it, fsyncs once, and tells the sequencer how far is durable.
/// So one fsync covers every txn that arrived while the previous fsync ran. It also counts txns for
/// ZooKeeper's snapshot rule (snapCount/2 plus a random part of snapCount/2) and rolls the log at that
/// point, then asks the sequencer for a snapshot.
/// </summary>
internal sealed class FileTxnLog : ITxnLog
{
    private static readonly Logger Log = Logging.Log.For<FileTxnLog>();

    private readonly TxnLogWriter _writer;
    private readonly int _snapCount;
    private readonly object _lock = new();
    private List<Txn> _incoming = new(1024);
    private List<Txn> _batch = new(1024);
    private readonly Thread _thread;
    private Sequencer? _sequencer;
    private bool _stopping;
    private bool _writing;
    private int _generation;
    private int _txnsSinceSnapshot;
    private int _randomRoll;

    public FileTxnLog(TxnLogWriter writer, int snapCount)
    {
        _writer = writer;
        _snapCount = Math.Max(snapCount, 2);
        _randomRoll = Random.Shared.Next(_snapCount / 2);
        _thread = new Thread(Run) { Name = "SyncThread:0", IsBackground = true };
    }

    /// <summary>fsync time in ms (mntr's fsynctime).</summary>
    public SummaryCounter FsyncTime { get; } = new();

    /// <summary>Txns covered by each fsync: the group-commit factor (mntr's sync_processor_batch_size).</summary>
    public SummaryCounter BatchSize { get; } = new();

    public void Start(Sequencer sequencer)
    {
        _sequencer = sequencer;
        _thread.Start();
    }

    public void Append(in Txn txn)
    {
        lock (_lock)
        {
            _incoming.Add(txn);
            if (_incoming.Count == 1) Monitor.PulseAll(_lock); // All: the sequencer may also wait on this lock (WaitUntilDurable)
        }
    }

    private void Run()
    {
        while (true)
        {
            lock (_lock)
            {
                while (_incoming.Count == 0 && !_stopping) Monitor.Wait(_lock);
                if (_incoming.Count == 0 && _stopping) return;
                (_batch, _incoming) = (_incoming, _batch);
                _writing = true;
            }
            try
            {
                WriteBatch();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _sequencer!.Post(new LogFailedCommand(e));
                return;
            }
            finally
            {
                lock (_lock)
                {
                    _writing = false;
                    Monitor.PulseAll(_lock);
                }
            }
        }
    }

    private void WriteBatch()
    {
        bool snapshotDue = false;
        foreach (var txn in _batch)
        {
            _writer.Append(txn);
            if (++_txnsSinceSnapshot > _snapCount / 2 + _randomRoll)
            {
                // ZooKeeper's SyncRequestProcessor: roll now, snapshot the state that follows.
                _writer.Sync();
                _writer.Roll();
                _txnsSinceSnapshot = 0;
                _randomRoll = Random.Shared.Next(_snapCount / 2);
                snapshotDue = true;
            }
        }
        var result = _writer.Sync();
        FsyncTime.Add((long)result.Elapsed.TotalMilliseconds);
        BatchSize.Add(_batch.Count);
        long durable = _batch[^1].Header.Zxid;
        _batch.Clear();
        _sequencer!.Post(new DurableCommand(durable, Volatile.Read(ref _generation)));
        if (snapshotDue) _sequencer.Post(new SnapshotCommand());
        if (result.Elapsed.TotalMilliseconds > 1000)
            Log.Warn($"fsync-ing the write ahead log in {Thread.CurrentThread.Name} took {result.Elapsed.TotalMilliseconds:0}ms which will adversely effect operation latency.");
    }

    /// <summary>
    /// Bumped whenever the log is cut back: a durability notice of an older generation speaks of txns that
    /// may no longer be in the log, so the sequencer ignores it.
    /// </summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>
    /// Drops every txn after <paramref name="zxid"/> (a follower told to TRUNC, or one that received a SNAP
    /// of state <paramref name="zxid"/>): waits for the sync thread to finish what it has, rolls the file,
    /// cuts the logs and lets appends continue after <paramref name="zxid"/> in a new file. On the sequencer thread.
    /// </summary>
    public void TruncateAfter(DataDirLayout layout, long zxid)
    {
        lock (_lock)
        {
            while ((_incoming.Count > 0 || _writing) && !_stopping) Monitor.Wait(_lock);
            _writer.Roll();
            _writer.Sync();
            if (!TxnLogRepair.TruncateAfter(layout, zxid))
            {
                // No log holds zxid itself: every log that starts after it goes.
                foreach (var (first, path) in layout.Logs()) if (first > zxid) File.Delete(path);
            }
            _writer.RewindTo(zxid);
            Interlocked.Increment(ref _generation);
        }
    }

    /// <summary>
    /// Blocks until everything appended so far is durable (at most one group commit). A new Zab role starts
    /// from the last logged zxid and takes it as durable; this makes that true.
    /// </summary>
    public void WaitUntilDurable()
    {
        lock (_lock)
        {
            while ((_incoming.Count > 0 || _writing) && !_stopping) Monitor.Wait(_lock);
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _stopping = true;
            Monitor.Pulse(_lock);
        }
        if (_thread.IsAlive) _thread.Join();
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }
}
