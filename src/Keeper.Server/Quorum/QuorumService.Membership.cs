using System.Text;
using Keeper.Consensus;
using Keeper.Consensus.Wire;
using Keeper.Server.Config;
using Keeper.Server.Reconfig;

namespace Keeper.Server.Quorum;

/// <summary>
/// The membership this server runs with, as ZooKeeper 3.8's QuorumPeer keeps it: written into
/// <c>/zookeeper/config</c> at start and whenever a role starts serving (initConfigInZKDatabase), sent in NEWLEADER,
/// and with <c>reconfigEnabled</c> given its first real version by the first leader (epoch &lt;&lt; 32, ZOOKEEPER-1783),
/// which every member then writes to <c>zoo.cfg.dynamic.&lt;version&gt;</c> and points zoo.cfg at.
/// </summary>
internal sealed partial class QuorumService : IReconfigEnsemble
{
    private Membership _membership = null!;
    // The membership the leader's NEWLEADER carried; a learner adopts it when it starts serving.
    private string? _newLeaderConfig;

    public Membership Membership => _membership;

    /// <summary>Called (on the sequencer thread) when a membership taking effect gives this server another client address.</summary>
    public Action<System.Net.IPEndPoint>? ClientAddressChanged { get; set; }

    // ---- IReconfigEnsemble: the leader's view for the reconfig op's checks ----

    long IReconfigEnsemble.MyId => _settings.MyId;
    Membership IReconfigEnsemble.Current => _membership;
    // The membership of the reconfig this leader proposed and has not yet seen commit (lastSeenQuorumVerifier).
    Membership IReconfigEnsemble.LastSeen => _lastSeen ?? _membership;
    IReadOnlyList<long> IReconfigEnsemble.SyncedLearnerIds => Peer.Leader?.SyncedLearnerIds ?? [];
    bool IReconfigEnsemble.CanProposeReconfig => IsLeading && Peer.Leader?.ReconfigPending == false;

    private Membership? _lastSeen;
    // The memberships of reconfig txns in our log that have not taken effect yet, by zxid.
    private readonly Dictionary<long, Membership> _proposedMemberships = [];
    // Leading: the reconfig found in our log that this epoch completes when it starts (sent in NEWLEADER), or null.
    private Membership? _inherited;

    // ---- IPeerStore ----

    /// <summary>
    /// A role starts with every logged txn applied (at boot, and when a role ends its logged txns are applied), so
    /// <c>/zookeeper/config</c> then holds the membership of the newest reconfig txn in our log; one newer than ours
    /// never took effect. Like Apache's <c>zoo.cfg.dynamic.next</c>, but read from the log's own effect, so a TRUNC or
    /// SNAP that took the txn away takes this with it.
    /// </summary>
    public Consensus.Quorum.QuorumVerifier? LoggedMembership => LoggedReconfig()?.ToVerifier();

    private Membership? LoggedReconfig()
    {
        if (!_settings.ReconfigEnabled || _sequencer.State.Tree.GetNode(Core.Tree.DataTree.ConfigPath)?.Data is not { Length: > 0 } data)
            return null;
        return Newer(Encoding.UTF8.GetString(data), "the last reconfig txn in the log");
    }

    /// <summary>Leading: an unactivated reconfig in our log is this epoch's to complete (Leader.lead's lastSeenQuorumVerifier).</summary>
    private void InheritReconfig()
    {
        _inherited = Peer.Leader?.ReconfigPending == true ? LoggedReconfig() : null;
        if (_inherited is not { } next) return;
        _proposedMemberships[next.Version] = next;
        Log.Info($"Reconfig 0x{next.Version:x} in our log never took effect: this epoch starts once a quorum of its voters ({string.Join(",", next.Voters)}) is synced too, and completes it");
    }

    private void InitMembership()
    {
        _membership = _settings.Membership;
        // QuorumPeerConfig.backupOldConfig: the server lines are about to leave zoo.cfg, so keep the original.
        if (_settings.ReconfigEnabled && _settings.DynamicConfigFile is null && _settings.ConfigPath is { } path && File.Exists(path))
        {
            try
            {
                StaticConfigFile.Backup(path);
            }
            catch (IOException e)
            {
                Log.Warn($"Cannot back up {path} to {path}.bak: {e.Message}");
            }
        }
    }

    /// <summary>The membership a reconfig txn carries (its SetDataTxn's data), or null for any other txn.</summary>
    private static Membership? ProposedMembership(in Core.Requests.Txn txn)
    {
        if (txn.Header.Type != Protocol.OpCode.Reconfig || txn.Body is not Protocol.Records.SetDataTxn set) return null;
        try
        {
            return Membership.Parse(Encoding.UTF8.GetString(set.Data ?? []), $"reconfig txn 0x{txn.Header.Zxid:x}");
        }
        catch (ConfigException e)
        {
            Log.Error($"A reconfig txn's membership does not parse: {e.Message}");
            return null;
        }
    }

    private void RememberProposedMembership(in Core.Requests.Txn txn)
    {
        if (ProposedMembership(txn) is { } next) SawProposedMembership(next);
    }

    /// <summary>A reconfig txn is being logged: remembered until it takes effect, and (as Apache's
    /// setLastSeenQuorumVerifier does) written to <c>zoo.cfg.dynamic.next</c> for an Apache server started on this data.</summary>
    private void SawProposedMembership(Membership next)
    {
        _proposedMemberships[next.Version] = next;
        if (_settings.ConfigPath is not { } path) return;
        try
        {
            StaticConfigFile.WriteNext(path, next);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error($"Cannot write {StaticConfigFile.NextFileName(path)}: {e.Message}");
        }
    }

    /// <summary>TRUNC or SNAP took logged txns away: so are the reconfigs among them.</summary>
    private void ForgetProposedMemberships(long after)
    {
        foreach (var zxid in _proposedMemberships.Keys.Where(z => z > after).ToList()) _proposedMemberships.Remove(zxid);
    }

    /// <summary>
    /// COMMITANDACTIVATE (or our own commit of a reconfig as leader): the txn's membership is the ensemble's now.
    /// Written to its dynamic file and /zookeeper/config, given to the election port (new peers' addresses) and to
    /// the peer, which leaves its role when its leader or its own place changed.
    /// </summary>
    private void OnActivated(Consensus.Zab.Activated activated)
    {
        _lastSeen = null;
        _inherited = null;
        if (!_proposedMemberships.Remove(activated.Zxid, out var next))
        {
            Log.Error($"Reconfig 0x{activated.Zxid:x} was activated but its txn is not in our log; the membership stays at version {_membership.Version:x}");
            return;
        }
        foreach (var stale in _proposedMemberships.Keys.Where(z => z < activated.Zxid).ToList()) _proposedMemberships.Remove(stale);
        Log.Info($"Reconfig 0x{activated.Zxid:x} activated: voters {string.Join(",", next.Voters)}, observers [{string.Join(",", next.Observers)}], leader {activated.DesignatedLeader}");
        TakeMembership(next);
        // A leader handing over: its learners must get COMMITANDACTIVATE before its role ends and the links close.
        if (Peer.Leader is null && Peer.Role == Consensus.Election.ServerState.Looking && _learnerLinks.Count > 0)
            foreach (var link in _learnerLinks.Values.ToList()) link.CloseAfterFlush(TimeSpan.FromSeconds(2));
        Peer.Reconfigure(next.ToVerifier(), activated.DesignatedLeader, Pipeline.Sequencer.Now);
        if (next.Find(_settings.MyId) is null)
            Log.Warn("This server is not in the new membership: it goes on as a non-voting follower, as Apache's does, until it is stopped");
    }

    private void WriteConfigNode() =>
        _sequencer.State.Tree.SetConfigNode(Encoding.UTF8.GetBytes(_membership.ToConfigString()), _membership.Version,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    /// <summary>NEWLEADER's data: the inherited reconfig's membership until the epoch completes it, else ours, with the
    /// initial version set to the new epoch's zxid (ZOOKEEPER-1783).</summary>
    private string NewLeaderConfig(long newEpochZxid) =>
        (_inherited ?? (_settings.ReconfigEnabled && _membership.Version == 0 ? _membership.WithVersion(newEpochZxid) : _membership)).ToConfigString();

    private void RememberNewLeaderConfig(QuorumPacket packet)
    {
        if (packet.Type != QuorumPacketType.NewLeader) return;
        try
        {
            _newLeaderConfig = NewLeaderBody.DecodeConfig(packet.Data);
        }
        catch (WireFormatException e)
        {
            Log.Warn($"Ignoring the membership in NEWLEADER: {e.Message}");
            _newLeaderConfig = null;
        }
    }

    /// <summary>The role serves: take the version the leader gave the membership (only with reconfigEnabled), then
    /// rewrite /zookeeper/config (processReconfig and Learner.syncWithLeader's initConfigInZKDatabase).</summary>
    private void ActivateMembership(long epoch, bool leading)
    {
        var next = _membership;
        if (_settings.ReconfigEnabled)
        {
            // A leader completing an inherited reconfig takes it as the epoch starts (OnActivated), not the version bump.
            if (leading && _membership.Version == 0 && _inherited is null) next = _membership.WithVersion(Zxid.Make(epoch, 0));
            else if (!leading && _newLeaderConfig is { } text) next = Newer(text, "the leader's NEWLEADER") ?? next;
        }
        _newLeaderConfig = null;
        if (next.Version != _membership.Version)
        {
            // Learner.syncWithLeader's processReconfig at UPTODATE: for a member, the peer decides whether its role goes
            // on under the same leader (it leaves it when left out or moved between voting and observing); a joiner,
            // not yet a member, only adopts it. Either way the peer's notifications carry it from now on.
            bool member = _membership.Find(_settings.MyId) is not null;
            TakeMembership(next);
            if (member) Peer.Reconfigure(next.ToVerifier(), Peer.LeaderId, Pipeline.Sequencer.Now);
            else Peer.AdoptMembership(next.ToVerifier());
            return;
        }
        WriteConfigNode();
    }

    /// <summary>FastLeaderElection's WorkerReceiver with reconfigEnabled: a newer membership from a peer while looking
    /// (a reconfig committed while we were away) becomes ours, and the election starts over with it.</summary>
    private void OnNewerMembershipSeen(Consensus.Peer.NewerMembershipSeen seen)
    {
        if (!_settings.ReconfigEnabled || Newer(seen.Config, $"server {seen.From}'s notification") is not { } next) return;
        Log.Info($"Server {seen.From} has membership version {next.Version:x} (ours {_membership.Version:x}): taking it and restarting the election");
        TakeMembership(next);
        Peer.AdoptMembership(next.ToVerifier(), Pipeline.Sequencer.Now);
    }

    /// <summary>The membership in <paramref name="text"/> (from <paramref name="source"/>) if it is newer than ours.</summary>
    private Membership? Newer(string text, string source)
    {
        try
        {
            var offered = Membership.Parse(text, source);
            return offered.Version > _membership.Version ? offered : null;
        }
        catch (ConfigException e)
        {
            Log.Warn($"Ignoring the membership in {source}: {e.Message}");
            return null;
        }
    }

    /// <summary>A newer membership becomes ours: its dynamic file, /zookeeper/config and the peers the election port dials.</summary>
    private void TakeMembership(Membership next)
    {
        var before = _membership.Find(_settings.MyId);
        _membership = next;
        MoveClientPortIfChanged(before, next.Find(_settings.MyId));
        foreach (var zxid in _proposedMemberships.Keys.Where(z => z <= next.Version).ToList()) _proposedMemberships.Remove(zxid);
        WriteMembershipFiles();
        // QuorumPeer.setQuorumVerifier: no proposed membership is newer now, so zoo.cfg.dynamic.next goes.
        if (_proposedMemberships.Count == 0 && _settings.ConfigPath is { } path) StaticConfigFile.DeleteNext(path);
        WriteConfigNode();
        UpdateElectionView();
    }

    /// <summary>
    /// processReconfig: a membership whose line for us names another client address (<c>;host:port</c>) moves our
    /// client port there. The address is resolved only when the line's text changed, and one that does not resolve
    /// leaves the port where it is (this runs on the sequencer thread: nothing here may throw).
    /// </summary>
    private void MoveClientPortIfChanged(Config.QuorumServer? before, Config.QuorumServer? after)
    {
        if (after?.ClientPort is null || (before?.ClientHost == after.ClientHost && before?.ClientPort == after.ClientPort)) return;
        System.Net.IPEndPoint moved;
        try
        {
            moved = Tls.ClientPorts.FromServerLine(after)!;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Log.Error($"Cannot resolve the reconfigured client address {after.ClientHost}:{after.ClientPort}: {e.Message}; the client port stays");
            return;
        }
        ClientAddressChanged?.Invoke(moved);
    }

    /// <summary>
    /// The election port dials our members and those of a reconfig our log holds but that never took effect, whose
    /// voters take part in the election too (Apache's connectNewPeers for the last seen quorum verifier).
    /// </summary>
    private void UpdateElectionView()
    {
        if (Election is not { } election) return;
        election.UpdateView(LoggedReconfig() is { } pending
            ? _membership with { Servers = [.. _membership.Servers, .. pending.Servers.Where(s => _membership.Find(s.Id) is null)] }
            : _membership);
    }

    private void WriteMembershipFiles()
    {
        if (_settings.ConfigPath is not { } path) return;
        try
        {
            var written = StaticConfigFile.WriteDynamic(path, _membership, _settings.MyId);
            Log.Info($"Membership version {_membership.Version:x} written to {written}; {path} now points at it");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error($"Cannot write the dynamic config file for version {_membership.Version:x}: {e.Message}");
        }
    }
}
