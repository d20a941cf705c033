using Keeper.Consensus.Election;
using Keeper.Consensus.Peer;
using Keeper.Consensus.Wire;
using Keeper.Consensus.Zab;
using Keeper.Core.Requests;
using Keeper.Server.Logging;
using Keeper.Server.Persistence;
using Keeper.Server.Pipeline;
using Keeper.Storage.Layout;

namespace Keeper.Server.Quorum;

/// <summary>
/// The host of <see cref="QuorumPeer"/> in a server: it runs on the sequencer thread (every call here comes
/// from a sequencer command), carries out the peer's actions with real sockets, files and the sequencer's
/// state, and feeds back what the network and the disk report. Election notifications and quorum packets
/// arrive on I/O threads and are posted to the sequencer, so the peer, the Zab role and the data tree are
/// only ever touched by one thread.
/// </summary>
internal sealed partial class QuorumService : IPeerStore, IAsyncDisposable
{
    private static readonly Logger Log = Logging.Log.For<QuorumService>();

    private readonly Sequencer _sequencer;
    private readonly FileTxnLog _log;
    private readonly DataDirLayout _layout;
    private readonly QuorumSettings _settings;
    private long _acceptedEpoch;
    private long _currentEpoch;
    // Bumped when a role ends, so late callbacks of the old role's sockets are recognised and ignored.
    private int _roleGeneration;
    private long _lookingSince;

    public QuorumService(Sequencer sequencer, FileTxnLog log, DataDirLayout layout, QuorumSettings settings)
    {
        _sequencer = sequencer;
        _log = log;
        _layout = layout;
        _settings = settings;
        LoadEpochs();
        InitMembership();
        Peer = new QuorumPeer(settings.MyId, settings.Verifier, this, settings.Zab);
    }

    public QuorumPeer Peer { get; }

    /// <summary>Set once at start-up: the election port (it needs our callback, we need it to send).</summary>
    public IElectionTransport? Election { get; set; }

    public bool IsServing => Peer.IsServing;
    public bool IsLeading => Peer.Leader?.IsServing == true;
    public bool IsLearner => Peer.Learner?.IsServing == true;
    public ServerState Role => Peer.Role;

    /// <summary>srvr/mntr's Mode and server_state: leader, follower or observer (looking peers do not serve).</summary>
    public string RoleName => Peer.Role switch
    {
        ServerState.Leading => "leader",
        ServerState.Following => "follower",
        ServerState.Observing => "observer",
        _ => "leaderelection",
    };

    /// <summary>mntr's zk_peer_state, QuorumPeer.getDetailedPeerState: role and Zab phase, e.g. "following - broadcast".</summary>
    public string PeerStateName
    {
        get
        {
            string phase = Peer.Role == ServerState.Looking ? "election"
                : IsServing ? "broadcast"
                : Peer.Learner is { Phase: LearnerPhase.NotStarted or LearnerPhase.Discovery } ? "discovery"
                : Peer.Leader is { Phase: LeaderPhase.Discovery or LeaderPhase.AwaitingEpochAcks } ? "discovery"
                : "synchronization";
            return Peer.Role.ToString().ToLowerInvariant() + " - " + phase;
        }
    }

    public int QuorumSize => _settings.Verifier.Voters.Count;

    // ---- IPeerStore ----

    public PeerHistory History => new(_acceptedEpoch, _currentEpoch, _sequencer.State.LastProcessedZxid);

    /// <summary>
    /// A new leader's sync window: the last txns of its log, so a learner a little behind gets a DIFF rather
    /// than a SNAP. Only entries after the newest snapshot count: before it the log may stop short of it (a
    /// SNAP sync replaced that history), and a window must be contiguous. Anything the window lacks is a SNAP.
    /// </summary>
    public ProposalWindow RecentHistory(int capacity)
    {
        long last = _sequencer.State.LastProcessedZxid;
        try
        {
            long snapshot = _layout.Snapshots().Select(s => s.Zxid).DefaultIfEmpty(0).Max();
            var recent = new Queue<Proposal>(Math.Min(capacity, 1024));
            // The log holds every txn after the newest snapshot (purging never removes those), so the window
            // starts right after it.
            long baseZxid = snapshot;
            using var writer = new Keeper.Protocol.Jute.JuteWriter(256);
            using (var reader = Storage.Log.TxnLogReader.Open(_layout, snapshot, new Storage.Log.TxnLogReaderOptions(CheckZxidGaps: false)))
            {
                foreach (var entry in reader.Entries())
                {
                    long zxid = entry.Header.Zxid;
                    if (zxid <= snapshot) continue;
                    if (zxid > last) break;
                    writer.Reset();
                    Storage.Log.TxnEntryCodec.Write(writer, entry.Header, entry.Body, null);
                    recent.Enqueue(new Proposal(zxid, writer.ToArray()));
                    if (recent.Count > capacity) baseZxid = recent.Dequeue().Zxid;
                }
            }
            long end = recent.Count > 0 ? recent.Last().Zxid : baseZxid;
            if (end != last) return new ProposalWindow(last, capacity);
            var window = new ProposalWindow(baseZxid, capacity);
            foreach (var p in recent) window.Add(p);
            return window;
        }
        catch (Exception e) when (e is IOException or Storage.Log.CorruptLogException or InvalidDataException)
        {
            Log.Warn($"Cannot read the log tail for the sync window ({e.Message}); learners behind 0x{last:x} get a SNAP");
            return new ProposalWindow(last, capacity);
        }
    }

    // ---- driven by the sequencer ----

    public void Start()
    {
        Election?.Start();
        // Unless the log ends with a reconfig that never took effect: the node keeps it until a role serves, as the
        // first leader completes it from there (LoggedMembership).
        if (LoggedReconfig() is null) WriteConfigNode();
        UpdateElectionView();
        _lookingSince = Sequencer.Now;
        Log.Info($"LOOKING (myid {_settings.MyId}, last zxid 0x{_sequencer.State.LastProcessedZxid:x}, current epoch {_currentEpoch})");
        Peer.Start(Sequencer.Now);
        Run();
    }

    public void Tick()
    {
        Peer.Tick(Sequencer.Now);
        Run();
        UpdateReadOnlyServing();
    }

    /// <summary>
    /// QuorumPeer's LOOKING branch with readonlymode.enabled: once the election has run for the delay without a
    /// leader, the sequencer serves read-only clients; as soon as the peer has a role again, it stops.
    /// </summary>
    private void UpdateReadOnlyServing()
    {
        if (!_settings.ReadOnlyModeEnabled) return;
        if (Peer.Role != ServerState.Looking) _sequencer.EndReadOnly();
        else if (Sequencer.Now - _lookingSince >= ReadOnlyRules.Delay(_settings.Zab.TickTime))
            _sequencer.StartReadOnly();
    }

    /// <summary>The txn log made everything up to a zxid durable: our own ack, or a learner's.</summary>
    public void Logged(DurableCommand durable)
    {
        if (durable.Generation != _log.Generation) return;
        Peer.Logged(durable.UpToZxid, Sequencer.Now);
        Run();
    }

    /// <summary>Election messages arrive on I/O threads; they are handled on the sequencer's.</summary>
    public void OnElectionMessage(long from, Notification notification) =>
        _sequencer.Post(new QuorumEventCommand(() =>
        {
            // Apache's WorkerReceiver logs every notification in this form; it is what tells why an election stalls.
            var n = notification;
            Log.Info($"Notification: my state:{Peer.Role.ToString().ToUpperInvariant()}; n.sid:{from}, n.state:{n.State.ToString().ToUpperInvariant()}, n.leader:{n.Leader}, n.round:0x{n.ElectionEpoch:x}, n.peerEpoch:0x{n.PeerEpoch:x}, n.zxid:0x{n.Zxid:x}, message format version:0x{n.Version:x}");
            Peer.ElectionReceived(from, notification, Sequencer.Now);
            Run();
        }));

    /// <summary>Carries out everything the peer asked for, until it asks for nothing more.</summary>
    private void Run()
    {
        for (int round = 0; round < 1000; round++)
        {
            var actions = Peer.TakeActions();
            if (actions.Count == 0) return;
            int generation = _roleGeneration;
            foreach (var action in actions)
            {
                // Once a role ends mid-batch, what its Zab core asked for after that no longer applies.
                if (generation != _roleGeneration && action is ZabStep) continue;
                Execute(action);
            }
        }
        Log.Error("The quorum peer did not settle after 1000 rounds of actions");
    }

    private void Execute(PeerAction action)
    {
        switch (action)
        {
            case ElectionSend send: Election?.Send(send.To, send.Notification); break;
            // The election is over: read-only clients go before the new role starts (ReadOnlyZooKeeperServer.shutdown).
            case Consensus.Peer.StartLeading: _sequencer.EndReadOnly(); StartLeading(); break;
            case ConnectToLeader connect: _sequencer.EndReadOnly(); ConnectToLeader(connect.LeaderId); break;
            case ZabStep step: ExecuteZab(step.Action); break;
            case RoleEnded ended: EndRole(ended); break;
            case NewerMembershipSeen seen: OnNewerMembershipSeen(seen); break;
        }
    }

    private void ExecuteZab(ZabAction action)
    {
        switch (action)
        {
            case Send send: SendZab(send.Connection, send.Message); break;
            case SendSnapshot snap: SendSnapshot(snap.Connection, snap.Zxid); break;
            case Disconnect d: if (_learnerLinks.TryGetValue(d.Connection, out var link)) link.Close(d.Reason); break;
            case PersistAcceptedEpoch a: _acceptedEpoch = a.Epoch; EpochFile.Write(_layout.AcceptedEpochFile, a.Epoch); break;
            case PersistCurrentEpoch c: _currentEpoch = c.Epoch; EpochFile.Write(_layout.CurrentEpochFile, c.Epoch); break;
            case Append append: AppendToLog(append.Proposal); break;
            case Truncate t: TruncateTo(t.Zxid); break;
            case ApplyCommitted apply: ApplyCommitted(apply.Zxid); break;
            case StartServing serving: StartServing(serving.Epoch); break;
            case AnswerPing ping: AnswerPing(ping.Zxid); break;
            case SyncAnswered: _sequencer.SyncAnswered(); break;
            case SyncReady: break; // our own clients' syncs are answered by the sequencer directly
            case Activated activated: OnActivated(activated); break;
        }
    }

    private void StartServing(long epoch)
    {
        bool leading = Peer.Role == ServerState.Leading;
        if (leading) LeadingSince = Pipeline.Sequencer.Now;
        ActivateMembership(epoch, leading);
        _sequencer.StartServing(epoch, leading);
        string role = Peer.Role switch { ServerState.Leading => "LEADING", ServerState.Observing => "OBSERVING", _ => "FOLLOWING" };
        Log.Info($"{role} - LEADER ELECTION TOOK - {Sequencer.Now - _lookingSince} MS; serving epoch {epoch} (leader {Peer.LeaderId})");
    }

    private void EndRole(RoleEnded ended)
    {
        Log.Warn($"Leaving role {ended.Role}: {ended.Reason}");
        _roleGeneration++;
        // A reconfig this leader proposed and never saw commit is not in progress for the next role.
        _lastSeen = null;
        CloseRoleLinks();
        _sequencer.EndRole(_uncommitted, _leaderRetired);
        _leaderRetired = false;
        _uncommitted.Clear();
        // The next role takes our whole log as durable history (its NEWLEADER ack and currentEpoch rest on it).
        _log.WaitUntilDurable();
        _touched.Clear();
        _lookingSince = Sequencer.Now;
        Log.Info($"LOOKING (last zxid 0x{_sequencer.State.LastProcessedZxid:x}, current epoch {_currentEpoch})");
        UpdateElectionView();
        Peer.Restart(Sequencer.Now);
    }

    /// <summary>
    /// acceptedEpoch and currentEpoch as QuorumPeer.loadDataBase reads them: a missing file starts at the
    /// epoch of the last zxid and is written; a current epoch after the accepted one is a corrupt data dir.
    /// </summary>
    private void LoadEpochs()
    {
        long fromZxid = _sequencer.State.LastProcessedZxid >> 32;
        long? current = EpochFile.Read(_layout.CurrentEpochFile);
        if (current is null)
        {
            Log.Info($"{_layout.CurrentEpochFile} not found! Creating with a reasonable default of {fromZxid}. This should only happen when you are upgrading your installation");
            EpochFile.Write(_layout.CurrentEpochFile, fromZxid);
        }
        long? accepted = EpochFile.Read(_layout.AcceptedEpochFile);
        if (accepted is null)
        {
            Log.Info($"{_layout.AcceptedEpochFile} not found! Creating with a reasonable default of {fromZxid}. This should only happen when you are upgrading your installation");
            EpochFile.Write(_layout.AcceptedEpochFile, fromZxid);
        }
        _currentEpoch = current ?? fromZxid;
        _acceptedEpoch = accepted ?? fromZxid;
        if (_currentEpoch > _acceptedEpoch)
            throw new InvalidDataException($"The current epoch, {_currentEpoch}, is after the proposed epoch, {_acceptedEpoch} ({_layout.SnapshotDir})");
    }

    public async ValueTask DisposeAsync()
    {
        _roleGeneration++;
        // Shutting down: what a leader queued for its learners (the last COMMITs) still goes out.
        foreach (var link in _learnerLinks.Values.ToList()) link.CloseAfterFlush(TimeSpan.FromSeconds(2));
        CloseRoleLinks();
        if (Election is { } election) await election.DisposeAsync().ConfigureAwait(false);
    }
}
