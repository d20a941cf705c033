using System.Globalization;
using System.Text.RegularExpressions;

namespace Keeper.Interop.Tests.Infrastructure;

/// <summary>
/// Text normalisation shared by the client transcripts: what legitimately differs between two
/// runs (dates, session ids, ports, absolute zxids, temporary paths) is replaced by stable
/// placeholders, and nothing else is touched.
/// </summary>
internal static partial class Normalise
{
    /// <summary>Drops the SLF4J "no binding" chatter that Debian's zkCli prints on stderr.</summary>
    public static string DropSlf4j(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("SLF4J:", StringComparison.Ordinal)));

    /// <summary>
    /// Java <c>Date.toString()</c> ("Tue Nov 24 05:44:45 UTC 2026") and C <c>ctime</c>
    /// ("Tue Nov 24 05:44:45 2026") dates become &lt;date&gt;. The epoch stays, since a zero time
    /// is a fact worth comparing.
    /// </summary>
    public static string Dates(string text)
    {
        text = JavaDate().Replace(text, m => m.Value.EndsWith(" 1970", StringComparison.Ordinal) && m.Value.Contains("00:00:00") ? m.Value : "<date>");
        return CDate().Replace(text, m => m.Value.EndsWith(" 1970", StringComparison.Ordinal) && m.Value.Contains("00:00:00") ? m.Value : "<date>");
    }

    /// <summary>127.0.0.1:&lt;port&gt; becomes 127.0.0.1:PORT, and the bare port elsewhere too.</summary>
    public static string Port(string text, int port) =>
        text.Replace($"127.0.0.1:{port}", "127.0.0.1:PORT", StringComparison.Ordinal)
            .Replace($"localhost:{port}", "localhost:PORT", StringComparison.Ordinal);

    /// <summary>
    /// Replaces each distinct value captured by <paramref name="pattern"/>'s group "v" with
    /// <paramref name="prefix"/> and its rank of first appearance (Z1, Z2, ...), keeping the
    /// text around it. <paramref name="keep"/> values are left as they are (e.g. a zero zxid).
    /// </summary>
    public static string ByFirstAppearance(string text, Regex pattern, string prefix, Func<string, string>? key = null, params string[] keep)
    {
        var names = new Dictionary<string, string>();
        return pattern.Replace(text, m =>
        {
            var g = m.Groups["v"];
            if (keep.Contains(g.Value))
            {
                return m.Value;
            }

            var k = key is null ? g.Value : key(g.Value);
            if (!names.TryGetValue(k, out var name))
            {
                name = prefix + (names.Count + 1).ToString(CultureInfo.InvariantCulture);
                names[k] = name;
            }

            return m.Value[..(g.Index - m.Index)] + name + m.Value[(g.Index - m.Index + g.Length)..];
        });
    }

    /// <summary>Hex session ids with or without 0x (lowercase, no padding) as one key.</summary>
    public static string SessionKey(string hex) => hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex;

    [GeneratedRegex(@"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d \d\d:\d\d:\d\d [A-Z][A-Za-z+\-0-9:]* \d{4}\b")]
    private static partial Regex JavaDate();

    [GeneratedRegex(@"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \d{4}\b")]
    private static partial Regex CDate();
}
