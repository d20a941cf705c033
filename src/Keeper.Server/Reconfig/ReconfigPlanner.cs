using System.Globalization;
using System.Text;
using Keeper.Core.Requests;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Server.Config;
using Keeper.Server.Logging;

namespace Keeper.Server.Reconfig;

/// <summary>
/// The ensemble's checks of a reconfig request, in ZooKeeper 3.8's PrepRequestProcessor order and with its error codes:
/// Unimplemented when not leading (standalone), ReconfigInProgress, BadVersion for a stale <c>fromConfig</c>, BadArguments
/// for a malformed server string (MarshallingError where Apache's number parsing throws), BadArguments for fewer than two
/// voters, NewConfigNoQuorum without a synced quorum of the new membership. Each refusal logs one line.
/// </summary>
internal sealed class ReconfigPlanner(bool enabled, bool standaloneEnabled) : IReconfigPlanner
{
    private static readonly Logger Log = Logging.Log.For<ReconfigPlanner>();

    public bool Enabled { get; } = enabled;

    /// <summary>The ensemble view, set once the quorum service exists; null on a standalone server.</summary>
    public IReconfigEnsemble? Ensemble { get; set; }

    public bool CanPropose => Ensemble?.CanProposeReconfig == true;

    public byte[] Plan(ReconfigRequest request, long zxid)
    {
        if (Ensemble is not { IsLeading: true } ensemble) throw Refused(ErrorCode.Unimplemented, "reconfig is only served by an ensemble's leader");
        var lastSeen = ensemble.LastSeen;
        if (lastSeen.Version != ensemble.Current.Version) throw Refused(ErrorCode.ReconfigInProgress, "another reconfig is in progress");
        if (request.CurConfigId != -1 && request.CurConfigId != lastSeen.Version)
            throw Refused(ErrorCode.BadVersion, $"Reconfiguration from version {request.CurConfigId:x} failed -- last seen version is {lastSeen.Version:x}");

        var next = request.NewMembers is { } members ? NonIncremental(members) : Incremental(lastSeen, request.JoiningServers, request.LeavingServers);
        int voters = next.Count(s => s.Type == LearnerType.Participant);
        if (standaloneEnabled && voters < 2) throw Refused(ErrorCode.BadArguments, "Reconfig failed - new configuration must include at least 2 followers");
        if (voters < 1) throw Refused(ErrorCode.BadArguments, "Reconfig failed - new configuration must include at least 1 follower");

        // Leader.isQuorumSynced: the leader itself, plus the synced learners that vote in the new membership.
        var synced = new HashSet<long> { ensemble.MyId };
        foreach (var id in ensemble.SyncedLearnerIds)
            if (next.Any(s => s.Id == id && s.Type == LearnerType.Participant)) synced.Add(id);
        if (synced.Count <= voters / 2)
            throw Refused(ErrorCode.NewConfigNoQuorum, "Reconfig failed - there must be a connected and synced quorum in new configuration");

        var membership = new Membership(next.OrderBy(s => s.Id).ToList(), zxid);
        return Encoding.UTF8.GetBytes(membership.ToConfigString());
    }

    // -members (or -file): the whole new membership, lines separated by commas or newlines.
    private List<Config.QuorumServer> NonIncremental(string members)
    {
        var servers = new SortedDictionary<long, Config.QuorumServer>();
        var text = members.Replace(',', '\n');
        IReadOnlyList<PropertyLine> lines;
        try
        {
            lines = PropertiesReader.Read(text, "reconfig");
        }
        catch (ConfigException e)
        {
            throw Refused(ErrorCode.BadArguments, e.Reason);
        }
        foreach (var line in lines)
        {
            if (line.Key == "version") continue;
            if (!ServerLineParser.IsServerKey(line.Key)) throw Refused(ErrorCode.BadArguments, "Unrecognised parameter: " + line.Key);
            var server = ParseServer(Id(line.Key), line.Value);
            servers[server.Id] = server;
        }
        int voters = servers.Values.Count(s => s.Type == LearnerType.Participant);
        // parseDynamicConfig throws IllegalArgumentException here, which PrepRequestProcessor answers MarshallingError.
        if ((voters == 0 && (!standaloneEnabled || servers.Count > 0)) || (voters == 1 && standaloneEnabled && servers.Count > 1))
            throw Refused(ErrorCode.MarshallingError, "observers without a quorum is an invalid configuration");
        return servers.Values.ToList();
    }

    // -add / -remove: changes to the last seen membership; leaving servers go first.
    private static List<Config.QuorumServer> Incremental(Membership lastSeen, string? joining, string? leaving)
    {
        var next = lastSeen.Servers.ToDictionary(s => s.Id);
        foreach (var id in Split(leaving, ',')) next.Remove(ParseLong(id));
        foreach (var joiner in Split(joining, ','))
        {
            var parts = Split(joiner, '=').ToList();
            if (parts.Count != 2) throw Refused(ErrorCode.BadArguments, "Wrong format of server string");
            long id = ParseLong(parts[0][(parts[0].LastIndexOf('.') + 1)..]);
            var server = ParseServer(id, parts[1]);
            if (server.ClientPort is null)
                throw Refused(ErrorCode.BadArguments, "Wrong format of server string - each server should have 3 ports specified");
            foreach (var other in next.Values)
                if (other.Id != id && SharesAnAddress(server, other))
                    throw Refused(ErrorCode.BadArguments, $"Reconfiguration failed: server.{id} uses an address of server.{other.Id}");
            next[id] = server;
        }
        return next.Values.ToList();
    }

    private static Config.QuorumServer ParseServer(long id, string value)
    {
        try
        {
            return ServerLineParser.Parse(new ConfigValue(new PropertyLine($"server.{id.ToString(CultureInfo.InvariantCulture)}", value.Trim(), 1), "reconfig"));
        }
        catch (ConfigException e)
        {
            throw Refused(ErrorCode.BadArguments, e.Reason);
        }
    }

    // QuorumServer.checkAddressDuplicate: no quorum or election address of one server may be another's.
    private static bool SharesAnAddress(Config.QuorumServer a, Config.QuorumServer b)
    {
        var mine = new[] { (a.Host, a.QuorumPort), (a.Host, a.ElectionPort) };
        var theirs = new[] { (b.Host, b.QuorumPort), (b.Host, b.ElectionPort) };
        return mine.Any(theirs.Contains);
    }

    private static long Id(string key) => ParseLong(key["server.".Length..]);

    // Long.parseLong's NumberFormatException is not a KeeperException: PrepRequestProcessor answers MarshallingError.
    private static long ParseLong(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Refused(ErrorCode.MarshallingError, $"'{text}' is not a server id");

    // ZooKeeper's StringUtils.split: trimmed parts, empty ones dropped.
    private static IEnumerable<string> Split(string? text, char separator) =>
        text is null ? [] : text.Split(separator).Select(p => p.Trim()).Where(p => p.Length > 0);

    private static KeeperException Refused(ErrorCode code, string reason)
    {
        Log.Warn($"reconfig refused ({ErrorCodeText.Describe(code)}): {reason}");
        return new KeeperException(code);
    }
}

/// <summary>What the planner reads from the quorum layer (the leader's view of the ensemble).</summary>
internal interface IReconfigEnsemble
{
    long MyId { get; }
    bool IsLeading { get; }
    Membership Current { get; }
    Membership LastSeen { get; }
    IReadOnlyList<long> SyncedLearnerIds { get; }
    bool CanProposeReconfig { get; }
}
