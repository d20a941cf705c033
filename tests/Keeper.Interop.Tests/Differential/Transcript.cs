using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Interop.Tests.Differential;

/// <summary>
/// The record of one scenario run: one line per operation (what was sent, what came back, the reply
/// zxid), the watch events each session received, and notes. Only what must differ between two
/// servers is normalised:
/// <list type="bullet">
/// <item>session ids become the label of the session that owns them (s1, s2, ...);</item>
/// <item>ctime/mtime become <c>@0x&lt;zxid&gt;</c>, "the wall time of txn zxid", after checking that
/// every time seen for that zxid is the same, that times never go down as zxids go up, and that the
/// time lies within the run; a violation is printed as <c>!...</c> so it shows as a difference.
/// 0 stays 0 (the initial nodes);</item>
/// <item>children, getEphemerals and whoAmI lists are sorted (their order is a hash-set order);</item>
/// <item>long data is shown by length and hash.</item>
/// </list>
/// Zxids (czxid, mzxid, pzxid, reply zxids) are kept as they are: both servers start empty, so they
/// must agree exactly.
/// </summary>
internal sealed class Transcript
{
    private readonly List<string> _lines = [];
    private readonly Dictionary<long, string> _sessionLabels = [];
    private readonly SortedDictionary<long, long> _txnTimes = [];
    private readonly long _windowStart = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 5_000;

    public IReadOnlyList<string> Lines => _lines;

    public int OperationCount { get; private set; }

    /// <summary>The opcodes sent as requests (top level), including -10 for session creation and -11 for close.</summary>
    public SortedSet<int> OpCodes { get; } = [];

    /// <summary>The opcodes used inside multi (14) requests.</summary>
    public SortedSet<int> MultiOpCodes { get; } = [];

    /// <summary>The opcodes used inside multiRead (22) requests.</summary>
    public SortedSet<int> MultiReadOpCodes { get; } = [];

    public string Text => string.Join('\n', _lines) + "\n";

    public void Note(string text) => _lines.Add("## " + text);

    public void Raw(string line) => _lines.Add(line);

    public void Operation(OpCode code, string line)
    {
        OperationCount++;
        OpCodes.Add((int)code);
        _lines.Add($"{OperationCount:D4} {line}");
    }

    public void NameSession(long sessionId, string label) => _sessionLabels[sessionId] = label;

    public string Session(long sessionId) =>
        sessionId == 0 ? "0" : _sessionLabels.TryGetValue(sessionId, out var label) ? label : $"!unknown-session:{Hex(sessionId)}";

    public static string Hex(long value) =>
        value < 0 ? "-0x" + (-value).ToString("x", CultureInfo.InvariantCulture) : "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public string Stat(Stat s) =>
        $"{{czxid={Hex(s.Czxid)} mzxid={Hex(s.Mzxid)} ctime={Time(s.Ctime, s.Czxid)} mtime={Time(s.Mtime, s.Mzxid)} "
        + $"version={s.Version} cversion={s.Cversion} aversion={s.Aversion} ephemeralOwner={Owner(s.EphemeralOwner)} "
        + $"dataLength={s.DataLength} numChildren={s.NumChildren} pzxid={Hex(s.Pzxid)}}}";

    public string Stat(Stat? s) => s is { } stat ? Stat(stat) : "null";

    /// <summary>ephemeralOwner: 0, the label of a session of this run, or the raw value (containers and TTL nodes must show 0).</summary>
    public string Owner(long owner) =>
        owner == 0 ? "0" : _sessionLabels.TryGetValue(owner, out var label) ? label : $"!raw:{Hex(owner)}";

    /// <summary>A ctime/mtime: "0", or "@zxid" if it is consistent with every other time seen.</summary>
    public string Time(long time, long zxid)
    {
        if (time == 0)
        {
            return "0";
        }

        if (zxid <= 0)
        {
            return $"!nonzero-time-for-zxid-{Hex(zxid)}";
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 5_000;
        if (time < _windowStart || time > now)
        {
            return $"!outside-run:{time}@{Hex(zxid)}";
        }

        if (_txnTimes.TryGetValue(zxid, out var known))
        {
            return known == time ? $"@{Hex(zxid)}" : $"!differs-from-earlier-time-of-{Hex(zxid)}({time - known:+#;-#}ms)";
        }

        foreach (var (z, t) in _txnTimes)
        {
            if ((z < zxid && t > time) || (z > zxid && t < time))
            {
                return $"!time-goes-back-between-{Hex(z)}-and-{Hex(zxid)}";
            }
        }

        _txnTimes[zxid] = time;
        return $"@{Hex(zxid)}";
    }

    public static string Data(byte[]? data)
    {
        if (data is null)
        {
            return "null";
        }

        if (data.Length > 64)
        {
            return $"len={data.Length}:sha256={Convert.ToHexString(SHA256.HashData(data))[..16].ToLowerInvariant()}";
        }

        if (data.All(b => b is >= 0x20 and < 0x7f))
        {
            var text = Encoding.ASCII.GetString(data).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
            return $"\"{text}\"";
        }

        return "0x" + Convert.ToHexString(data).ToLowerInvariant();
    }

    public static string Acl(IReadOnlyList<Acl>? acl)
    {
        if (acl is null)
        {
            return "null";
        }

        return "[" + string.Join(", ", acl.Select(a => $"{(int)a.Perms}:{a.Id.Scheme}:{a.Id.Identity}")) + "]";
    }

    public static string Sorted(IEnumerable<string> items) => "[" + string.Join(", ", items.Order(StringComparer.Ordinal)) + "]";

    public static string Error(ErrorCode code) => $"{code}({(int)code})";

    /// <summary>A path for display: control characters and non-ASCII escaped, so every line is plain ASCII.</summary>
    public static string Path(string? path)
    {
        if (path is null)
        {
            return "<null>";
        }

        if (path.Length > 0 && path.All(c => c is > ' ' and < (char)0x7f && c != '\\' && c != '\''))
        {
            return path;
        }

        var sb = new StringBuilder();
        sb.Append('\'');
        foreach (var c in path)
        {
            if (c is >= ' ' and < (char)0x7f && c != '\\' && c != '\'')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return sb.Append('\'').ToString();
    }
}
