using System.Globalization;
using System.Text;

namespace Keeper.Consensus.Quorum;

/// <summary>
/// Majority quorums over the voting members of one configuration (Apache's QuorumMaj). Observers are members
/// but never count: a quorum is more than half of the participants alone.
/// </summary>
internal sealed class QuorumVerifier
{
    private readonly SortedDictionary<long, QuorumServer> _members = new();
    private readonly HashSet<long> _voters = new();

    public QuorumVerifier(IEnumerable<QuorumServer> members, long version = 0)
    {
        foreach (var member in members)
        {
            if (!_members.TryAdd(member.Id, member))
                throw new ArgumentException($"server.{member.Id} appears twice", nameof(members));
            if (!member.IsObserver)
                _voters.Add(member.Id);
        }
        Version = version;
        Voters = _members.Values.Where(m => !m.IsObserver).Select(m => m.Id).ToArray();
        Observers = _members.Values.Where(m => m.IsObserver).Select(m => m.Id).ToArray();
    }

    /// <summary>A configuration known only by ids, for tests and simulations that never open sockets.</summary>
    public static QuorumVerifier OfIds(IEnumerable<long> voters, IEnumerable<long>? observers = null) =>
        new(voters.Select(id => new QuorumServer(id, "server" + id, 2888, 3888))
            .Concat((observers ?? []).Select(id => new QuorumServer(id, "server" + id, 2888, 3888, IsObserver: true))));

    /// <summary>The dynamic-config version (hex in the text form); 0 for a static configuration.</summary>
    public long Version { get; }

    /// <summary>Voting members' ids, ascending.</summary>
    public IReadOnlyList<long> Voters { get; }

    /// <summary>Observers' ids, ascending.</summary>
    public IReadOnlyList<long> Observers { get; }

    public IReadOnlyCollection<QuorumServer> Members => _members.Values;

    public bool IsVoter(long id) => _voters.Contains(id);

    public bool IsMember(long id) => _members.ContainsKey(id);

    /// <summary>Listed as an observer (a server outside the membership is not one: it learns as a non-voting follower).</summary>
    public bool IsObserver(long id) => IsMember(id) && !IsVoter(id);

    /// <summary>
    /// Whether the distinct voters among <paramref name="ids"/> are more than half of all voters. Apache filters
    /// non-voters out before counting (SyncedLearnerTracker.addAck); doing it here means no caller can forget.
    /// </summary>
    public bool ContainsQuorum(IEnumerable<long> ids)
    {
        var seen = new HashSet<long>();
        foreach (var id in ids)
        {
            if (_voters.Contains(id))
                seen.Add(id);
        }
        return seen.Count > _voters.Count / 2;
    }

    /// <summary>The text Apache puts in every notification (QuorumMaj.toString): one server line each, then the version.</summary>
    public string ToConfigString()
    {
        var text = new StringBuilder();
        foreach (var member in _members.Values)
            text.Append("server.").Append(member.Id).Append('=').Append(member.ToConfigValue()).Append('\n');
        text.Append("version=").Append(Version.ToString("x", CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>Reads <see cref="ToConfigString"/>'s form; other keys (Apache's dynamic file may carry none) are ignored.</summary>
    public static QuorumVerifier Parse(string text)
    {
        var members = new List<QuorumServer>();
        long version = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
                continue;
            var eq = line.IndexOf('=');
            if (eq < 0)
                throw new FormatException($"expected key=value, got '{line}'");
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (key.StartsWith("server.", StringComparison.Ordinal))
            {
                if (!long.TryParse(key["server.".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    throw new FormatException($"bad server id in '{line}'");
                members.Add(QuorumServer.Parse(id, value));
            }
            else if (key == "version")
            {
                if (!long.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out version))
                    throw new FormatException($"bad version in '{line}'");
            }
        }
        return new QuorumVerifier(members, version);
    }
}
