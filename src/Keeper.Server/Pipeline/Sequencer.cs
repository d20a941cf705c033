using Keeper.Core;
using Keeper.Core.Requests;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Server.Logging;
using Keeper.Server.Network;

namespace Keeper.Server.Pipeline;

/// <summary>
/// The single owner of all state: one thread takes commands in arrival order, prepares writes into txns
/// (assigning zxids), applies them, answers reads, and queues replies on the connections. Because one
/// thread does everything in order, per-session FIFO order and "watch event before the reply that reveals
/// it" both hold by construction.
/// </summary>
internal sealed partial class Sequencer : IDisposable
{
    private static readonly Logger Log = Logging.Log.For<Sequencer>();

    private readonly CommandInbox<SequencerCommand> _commands = new();
    private readonly List<OutboundQueue> _toFlush = [];
    private readonly Dictionary<long, ClientConnection> _connectionBySession = [];
    private readonly Thread _thread;
    private readonly SequencerOptions _options;
    private readonly ITxnLog _log;
    private readonly Persistence.FuzzySnapshotter? _snapshots;
    private long _nextReapAt;

    public Sequencer(StateMachine state, ServerStats stats, SequencerOptions options, ITxnLog log, Persistence.FuzzySnapshotter? snapshots = null)
    {
        State = state;
        _log = log;
        _snapshots = snapshots;
        Stats = stats;
        _options = options;
        _thread = new Thread(Run) { Name = "Sequencer", IsBackground = true };
    }

    public StateMachine State { get; private set; }
    public ServerStats Stats { get; }

    public void Start()
    {
        _nextReapAt = Now + _options.ContainerCheckIntervalMs;
        StartLocalSessions();
        _log.Start(this);
        _thread.Start();
    }

    /// <summary>
    /// The disk refused a write or an fsync. What is not durable must never be acknowledged, and the
    /// in-memory state may already be ahead of the disk's, so the only safe move is ZooKeeper's: stop the
    /// process and let the supervisor restart it, which recovers from what is on disk.
    /// </summary>
    private void HandleLogFailure(Exception error)
    {
        Log.Error($"Severe unrecoverable error writing the txn log, exiting: {error.Message}");
        Logging.Log.Flush();
        Environment.Exit(3);
    }

    public void Post(SequencerCommand command) => _commands.Post(command);

    /// <summary>Runs <paramref name="query"/> on the sequencer thread and returns its result.</summary>
    public Task<T> QueryAsync<T>(Func<T> query)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new QueryCommand(() =>
        {
            try { done.SetResult(query()); }
            catch (Exception e) { done.SetException(e); }
        }));
        return done.Task;
    }

    private void Run()
    {
        var batch = new List<SequencerCommand>();
        while (true)
        {
            // While a fuzzy snapshot is being walked, do not block: alternate commands and snapshot slices.
            if (!_commands.TakeAll(ref batch, wait: _snapshots?.IsWalking != true)) return;
            for (int i = 0; i < batch.Count; i++)
            {
                HandleGuarded(batch[i]);
                if ((i & 511) == 511)
                {
                    FlushReplies();
                    if (_snapshots?.IsWalking == true) _snapshots.Slice(State);
                }
            }
            FlushReplies();
            if (_snapshots?.IsWalking == true) _snapshots.Slice(State);
        }
    }

    /// <summary>
    /// A connection's first reply since its last flush: on this thread it is sent when the batch ends, together
    /// with the rest of the batch's replies to it; from another thread it is sent now.
    /// </summary>
    public void ScheduleFlush(OutboundQueue queue)
    {
        if (Thread.CurrentThread == _thread) _toFlush.Add(queue);
        else queue.Flush();
    }

    private void FlushReplies()
    {
        foreach (var queue in _toFlush) queue.Flush();
        _toFlush.Clear();
    }

    private void HandleGuarded(SequencerCommand command)
    {
        try
        {
            Handle(command);
        }
        catch (Exception e)
        {
            // A bug must not take the whole server down with it; the client involved is dropped.
            Log.Error($"Unexpected error handling {command.GetType().Name}: {e}");
            if (command is RequestCommand r) r.Connection.Close();
            if (command is ConnectCommand c) c.Connection.Close();
        }
    }

    private void Handle(SequencerCommand command)
    {
        switch (command)
        {
            case ConnectCommand connect: HandleConnect(connect.Connection, connect.Request); break;
            case RequestCommand request: HandleRequest(request); break;
            case DisconnectCommand disconnect: HandleDisconnect(disconnect.Connection); break;
            case DurableCommand durable: HandleDurable(durable); break;
            case LogFailedCommand failed: HandleLogFailure(failed.Error); break;
            case SnapshotCommand: _snapshots?.Begin(State); break;
            case TickCommand: HandleTick(); break;
            case QueryCommand query: query.Run(); break;
            case QuorumEventCommand quorum: quorum.Run(); break;
        }
    }

    internal static long Now => Environment.TickCount64;
    private static long WallNow => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private void Send(ClientConnection connection, in ReplyHeader header, Keeper.Protocol.Jute.IJuteRecord? body)
    {
        connection.Outbound.Enqueue(header, header.Err == ErrorCode.Ok ? body : null);
        connection.Stats.PacketsSent++;
        Stats.CountSent();
    }

    public void Dispose() => _commands.Complete();
}

internal sealed record SequencerOptions(string? SuperDigest, int ContainerCheckIntervalMs, long ContainerMaxNeverUsedIntervalMs)
{
    /// <summary>DIGEST-MD5 logins for the sasl op; null when no JAAS login section is configured.</summary>
    public Sasl.SaslLogin? Sasl { get; init; }

    public Sasl.AuthEnforcement? Enforcement { get; init; }

    public bool AllowSaslFailedClients { get; init; }

    /// <summary>localSessionsEnabled, in an ensemble (a standalone server ignores it, as Apache's does).</summary>
    public bool LocalSessionsEnabled { get; init; }

    /// <summary>localSessionsUpgradingEnabled: an ephemeral create upgrades a local session rather than failing.</summary>
    public bool LocalSessionsUpgradingEnabled { get; init; }
}
