using System.Globalization;
using System.Text;
using Keeper.Consensus.Election;
using Keeper.Consensus.Quorum;

namespace Keeper.Consensus.Tests.Election;

/// <summary>
/// Interprets one scripted election: a set of FastLeaderElection instances, a clock and a list of messages in
/// flight that only move when the script says so. Commands:
/// <code>
/// ensemble voters=1,2,3 [observers=4] [finalize=200 min=200 max=60000]
/// start ID [zxid=0x0] [epoch=0]       the server comes up (or, if decided, goes back to LOOKING)
/// stop ID                             the server goes down; messages to it are lost from now on
/// deliver [from=ID] [to=ID]           deliver what is in flight now, in send order (messages to a server that
///                                     has not started yet wait for it, as QuorumCnxManager's send queues do)
/// drop [from=ID] [to=ID]              lose what is in flight
/// recv ID from=ID STATE leader=ID zxid=0x0 epoch=0 round=1 [version=2]   a message from a peer we do not run
/// tick at=MS [ID...]                  set the clock and tick the servers (all running ones by default)
/// serve ID epoch=E                    the decided server's Zab role starts serving in epoch E (UpdateVoteEpoch)
/// pending ID voters=1,4,5 [version=0x100000001]   from its next start, the server's log holds an unactivated
///                                     reconfig to these voters (SetPending)
/// status [ID...]
/// </code>
/// </summary>
internal sealed class ElectionScript
{
    private readonly SortedDictionary<long, FastLeaderElection> _servers = new();
    private readonly HashSet<long> _up = new();
    private readonly HashSet<long> _down = new();
    private readonly List<(long From, long To, Notification N)> _inFlight = new();
    private QuorumVerifier? _verifier;
    private ElectionOptions _options = ElectionOptions.Default;
    private long _now;
    private readonly Dictionary<long, QuorumVerifier> _pending = new();

    public string Run(string line)
    {
        var (command, pos, named) = DataDrivenScript.Parse(line);
        var output = new StringBuilder();
        switch (command)
        {
            case "ensemble":
                _verifier = QuorumVerifier.OfIds(Ids(named["voters"]), named.TryGetValue("observers", out var obs) ? Ids(obs) : null);
                _options = new ElectionOptions(
                    Long(named.GetValueOrDefault("finalize", "200")),
                    Long(named.GetValueOrDefault("min", "200")),
                    Long(named.GetValueOrDefault("max", "60000")));
                break;
            case "start":
            {
                var id = Long(pos[0]);
                if (!_servers.TryGetValue(id, out var fle))
                    _servers[id] = fle = new FastLeaderElection(id, _verifier ?? throw new InvalidOperationException("no ensemble"), _options);
                _up.Add(id);
                _down.Remove(id);
                fle.SetPending(_pending.GetValueOrDefault(id));
                fle.StartLooking(Long(named.GetValueOrDefault("zxid", "0")), Long(named.GetValueOrDefault("epoch", "0")), _now);
                Collect(id, output, "");
                break;
            }
            case "pending":
                _pending[Long(pos[0])] = new QuorumVerifier(QuorumVerifier.OfIds(Ids(named["voters"])).Members,
                    Long(named.GetValueOrDefault("version", "0x100000001")));
                break;
            case "stop":
                _up.Remove(Long(pos[0]));
                _down.Add(Long(pos[0]));
                _inFlight.RemoveAll(m => m.To == Long(pos[0]));
                break;
            case "deliver":
                foreach (var m in Take(named, onlyToRunning: true))
                {
                    output.Append(Format(m.From, m.To, m.N)).Append('\n');
                    _servers[m.To].Receive(m.From, m.N, _now);
                    Collect(m.To, output, "  ");
                }
                break;
            case "drop":
                foreach (var m in Take(named))
                    output.Append("dropped ").Append(Format(m.From, m.To, m.N)).Append('\n');
                break;
            case "recv":
            {
                var to = Long(pos[0]);
                var n = new Notification(
                    Enum.Parse<ServerState>(pos[1], ignoreCase: true),
                    Long(named["leader"]), Long(named["zxid"]), Long(named["round"]), Long(named["epoch"]),
                    (int)Long(named.GetValueOrDefault("version", "2")));
                _servers[to].Receive(Long(named["from"]), n, _now);
                Collect(to, output, "");
                break;
            }
            case "tick":
                _now = Math.Max(_now, Long(named["at"]));
                foreach (var id in pos.Count > 0 ? pos.Select(Long) : _up.Order().ToList())
                {
                    _servers[id].Tick(_now);
                    Collect(id, output, "");
                }
                break;
            case "serve":
                _servers[Long(pos[0])].UpdateVoteEpoch(Long(named["epoch"]));
                break;
            case "status":
                foreach (var id in pos.Count > 0 ? pos.Select(Long) : _servers.Keys)
                {
                    var fle = _servers[id];
                    output.Append($"{id}: {fle.State.ToString().ToUpperInvariant()} round={fle.LogicalClock}");
                    output.Append(fle.State == ServerState.Looking
                        ? $" proposal={VoteText(fle.Proposal)}{(fle.IsFinalizing ? " finalizing" : "")} next={fle.NextDeadline}"
                        : $" vote={VoteText(fle.CurrentVote)}");
                    output.Append(_up.Contains(id) ? "" : " (down)").Append('\n');
                }
                break;
            default:
                throw new FormatException($"unknown command '{command}'");
        }
        return output.ToString();
    }

    private List<(long From, long To, Notification N)> Take(Dictionary<string, string> named, bool onlyToRunning = false)
    {
        var from = named.TryGetValue("from", out var f) ? Long(f) : (long?)null;
        var to = named.TryGetValue("to", out var t) ? Long(t) : (long?)null;
        var taken = _inFlight.Where(m => (from is null || m.From == from) && (to is null || m.To == to) && (!onlyToRunning || _up.Contains(m.To))).ToList();
        _inFlight.RemoveAll(taken.Contains);
        return taken;
    }

    private void Collect(long id, StringBuilder output, string indent)
    {
        foreach (var o in _servers[id].TakeOutputs())
        {
            switch (o)
            {
                case SendNotification s:
                    output.Append(indent).Append(Format(id, s.To, s.Notification));
                    if (_down.Contains(s.To))
                        output.Append(" (lost: ").Append(s.To).Append(" is down)");
                    else
                        _inFlight.Add((id, s.To, s.Notification));
                    output.Append('\n');
                    break;
                case Decision d:
                    output.Append(indent).Append($"{id} decides {d.Role.ToString().ToUpperInvariant()} {VoteText(d.Vote)}\n");
                    break;
            }
        }
    }

    private static string Format(long from, long to, Notification n) =>
        $"{from}->{to} {n.State.ToString().ToUpperInvariant()} {VoteText(n.Vote)}";

    private static string VoteText(Vote v) =>
        $"leader={Num(v.Leader)} zxid={(v.Zxid == long.MinValue ? "min" : Zxid.Hex(v.Zxid))} epoch={Num(v.PeerEpoch)} round={v.ElectionEpoch}";

    private static string Num(long v) => v == long.MinValue ? "min" : v.ToString(CultureInfo.InvariantCulture);

    private static long Long(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.Parse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static long[] Ids(string list) => list.Split(',').Select(Long).ToArray();
}
