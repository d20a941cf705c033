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

    // ---- IReconfigEnsemble: the leader's view for the reconfig op's checks ----

    long IReconfigEnsemble.MyId => _settings.MyId;
    Membership IReconfigEnsemble.Current => _membership;
    // No proposed membership is kept apart from the committed one yet: a reconfig is never in progress.
    Membership IReconfigEnsemble.LastSeen => _membership;
    IReadOnlyList<long> IReconfigEnsemble.SyncedLearnerIds => Peer.Leader?.SyncedLearnerIds ?? [];
    // Proposing and activating a new membership through Zab is not implemented yet.
    bool IReconfigEnsemble.CanProposeReconfig => false;

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

    private void WriteConfigNode() =>
        _sequencer.State.Tree.SetConfigNode(Encoding.UTF8.GetBytes(_membership.ToConfigString()), _membership.Version,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    /// <summary>NEWLEADER's data: the last seen membership, with the initial version set to the new epoch's zxid.</summary>
    private string NewLeaderConfig(long newEpochZxid) =>
        (_settings.ReconfigEnabled && _membership.Version == 0 ? _membership.WithVersion(newEpochZxid) : _membership).ToConfigString();

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
            if (leading && _membership.Version == 0) next = _membership.WithVersion(Zxid.Make(epoch, 0));
            else if (!leading && _newLeaderConfig is { } text) next = Newer(text) ?? next;
        }
        _newLeaderConfig = null;
        if (next.Version != _membership.Version)
        {
            _membership = next;
            WriteMembershipFiles();
        }
        WriteConfigNode();
    }

    private Membership? Newer(string text)
    {
        try
        {
            var offered = Membership.Parse(text, "NEWLEADER");
            return offered.Version > _membership.Version ? offered : null;
        }
        catch (ConfigException e)
        {
            Log.Warn($"Ignoring the leader's membership: {e.Message}");
            return null;
        }
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
