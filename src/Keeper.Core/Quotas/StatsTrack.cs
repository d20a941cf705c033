using System.Globalization;
using System.Text;

namespace Keeper.Core.Quotas;

/// <summary>
/// The text of a quota node (org.apache.zookeeper.StatsTrack): <c>key=long</c> pairs separated by runs of
/// <c>,</c> or <c>;</c>. A key that is absent reads as -1. Written back as <c>count=N,bytes=N</c>, and when there
/// are other keys an extra <c>=</c> and each of them, sorted, as <c>;key=N</c> (the form 3.4 parsers skip):
/// <c>count=3,bytes=-1=;byteHardLimit=-1;countHardLimit=3</c>.
/// </summary>
public sealed class StatsTrack
{
    public const string CountKey = "count";
    public const string BytesKey = "bytes";
    public const string CountHardLimitKey = "countHardLimit";
    public const string ByteHardLimitKey = "byteHardLimit";

    private readonly Dictionary<string, long> _stats = new(StringComparer.Ordinal);

    public StatsTrack()
    {
    }

    public long Count { get => Get(CountKey); set => _stats[CountKey] = value; }
    public long Bytes { get => Get(BytesKey); set => _stats[BytesKey] = value; }
    public long CountHardLimit { get => Get(CountHardLimitKey); set => _stats[CountHardLimitKey] = value; }
    public long ByteHardLimit { get => Get(ByteHardLimitKey); set => _stats[ByteHardLimitKey] = value; }

    private long Get(string key) => _stats.TryGetValue(key, out var v) ? v : -1;

    /// <summary>
    /// Parses as StatsTrack(String) does, rejecting what it rejects (a pair without a value, a value that is
    /// not a long) with <see cref="FormatException"/>. A pair with an empty value between two '=' reads as -1.
    /// </summary>
    public static StatsTrack Parse(byte[]? data) => Parse(data is null ? "" : Encoding.UTF8.GetString(data));

    public static StatsTrack Parse(string text)
    {
        var track = new StatsTrack();
        if (text.Length == 0) return track;
        foreach (var pair in JavaSplit(text, ",;", runs: true))
        {
            var kv = JavaSplit(pair, "=", runs: false);
            if (kv.Count < 2) throw new FormatException($"\"{pair}\" has no value (in \"{text}\")");
            var value = kv[1].Length == 0 ? "-1" : kv[1];
            if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                throw new FormatException($"For input string: \"{value}\" (in \"{text}\")");
            track._stats[kv[0]] = n;
        }
        return track;
    }

    /// <summary>
    /// Java's String.split: a leading separator gives a leading empty string, trailing empty strings are
    /// dropped. With <paramref name="runs"/> a run of separators counts as one (the pattern "[,;]+").
    /// </summary>
    private static List<string> JavaSplit(string text, string separators, bool runs)
    {
        var parts = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (!separators.Contains(text[i])) continue;
            parts.Add(text[start..i]);
            while (runs && i + 1 < text.Length && separators.Contains(text[i + 1])) i++;
            start = i + 1;
        }
        parts.Add(text[start..]);
        while (parts.Count > 0 && parts[^1].Length == 0) parts.RemoveAt(parts.Count - 1);
        return parts;
    }

    public override string ToString()
    {
        var b = new StringBuilder();
        b.Append(CountKey).Append('=').Append(Count.ToString(CultureInfo.InvariantCulture))
            .Append(',').Append(BytesKey).Append('=').Append(Bytes.ToString(CultureInfo.InvariantCulture));
        var others = _stats.Keys.Where(k => k is not CountKey and not BytesKey).ToList();
        if (others.Count > 0)
        {
            b.Append('=');
            others.Sort(StringComparer.Ordinal);
            foreach (var key in others) b.Append(';').Append(key).Append('=').Append(_stats[key].ToString(CultureInfo.InvariantCulture));
        }
        return b.ToString();
    }

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(ToString());
}
