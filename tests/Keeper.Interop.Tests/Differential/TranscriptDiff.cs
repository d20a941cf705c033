using System.Text;

namespace Keeper.Interop.Tests.Differential;

/// <summary>A line diff (longest common subsequence) shown as unified-diff hunks.</summary>
internal static class TranscriptDiff
{
    /// <summary>
    /// Unified-diff hunks of <paramref name="expected"/> → <paramref name="actual"/> with
    /// <paramref name="context"/> lines around each change, cut after <paramref name="maxLines"/> lines.
    /// </summary>
    public static string Unified(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string expectedLabel, string actualLabel,
        int context = 3, int maxLines = 400)
    {
        var edits = Edits(expected, actual);
        var sb = new StringBuilder();
        sb.Append("--- ").Append(expectedLabel).Append('\n');
        sb.Append("+++ ").Append(actualLabel).Append('\n');
        var lines = 0;
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // A hunk: from `context` lines before this change to `context` lines after the last change
            // that is within 2*context lines of the previous one.
            var start = Math.Max(0, i - context);
            var end = i;
            while (true)
            {
                while (end < edits.Count && edits[end].Kind != ' ')
                {
                    end++;
                }

                var next = end;
                while (next < edits.Count && edits[next].Kind == ' ' && next - end < 2 * context)
                {
                    next++;
                }

                if (next < edits.Count && edits[next].Kind != ' ')
                {
                    end = next;
                    continue;
                }

                end = Math.Min(edits.Count, end + context);
                break;
            }

            var first = edits[start];
            sb.Append($"@@ -{first.ExpectedLine + 1} +{first.ActualLine + 1} @@\n");
            for (var k = start; k < end; k++)
            {
                sb.Append(edits[k].Kind).Append(edits[k].Text).Append('\n');
                if (++lines >= maxLines)
                {
                    sb.Append($"... (cut after {maxLines} lines; see the transcript files)\n");
                    return sb.ToString();
                }
            }

            i = end;
        }

        return sb.ToString();
    }

    /// <summary>How many lines were removed and added.</summary>
    public static (int Removed, int Added) Count(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var edits = Edits(expected, actual);
        return (edits.Count(e => e.Kind == '-'), edits.Count(e => e.Kind == '+'));
    }

    /// <summary>
    /// The transcript with every zxid replaced by its order of first appearance (Z1, Z2, ...). Only an
    /// aid for reading a failure: once one server takes a zxid the other does not, every later line
    /// differs in its zxids, and this view shows which other differences remain.
    /// </summary>
    public static IReadOnlyList<string> RenumberZxids(IReadOnlyList<string> lines)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var regex = new System.Text.RegularExpressions.Regex(@"(?<=(zxid|czxid|mzxid|pzxid|relativeZxid)=|@)-?0x[0-9a-f]+");
        return lines.Select(line => regex.Replace(line, m =>
        {
            if (m.Value is "0x0")
            {
                return m.Value;
            }

            if (!map.TryGetValue(m.Value, out var name))
            {
                map[m.Value] = name = "Z" + (map.Count + 1);
            }

            return name;
        })).ToList();
    }

    private readonly record struct Edit(char Kind, string Text, int ExpectedLine, int ActualLine);

    private static List<Edit> Edits(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        // Common prefix and suffix first, so the table covers only the differing middle.
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix])
        {
            suffix++;
        }

        var n = a.Count - prefix - suffix;
        var m = b.Count - prefix - suffix;
        var lcs = new int[n + 1, m + 1];
        for (var x = n - 1; x >= 0; x--)
        {
            for (var y = m - 1; y >= 0; y--)
            {
                lcs[x, y] = a[prefix + x] == b[prefix + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            }
        }

        var edits = new List<Edit>(a.Count + b.Count);
        for (var k = 0; k < prefix; k++)
        {
            edits.Add(new(' ', a[k], k, k));
        }

        int i = 0, j = 0;
        while (i < n || j < m)
        {
            if (i < n && j < m && a[prefix + i] == b[prefix + j])
            {
                edits.Add(new(' ', a[prefix + i], prefix + i, prefix + j));
                i++;
                j++;
            }
            else if (i < n && (j == m || lcs[i + 1, j] >= lcs[i, j + 1]))
            {
                edits.Add(new('-', a[prefix + i], prefix + i, prefix + j));
                i++;
            }
            else
            {
                edits.Add(new('+', b[prefix + j], prefix + i, prefix + j));
                j++;
            }
        }

        for (var k = 0; k < suffix; k++)
        {
            edits.Add(new(' ', a[a.Count - suffix + k], a.Count - suffix + k, b.Count - suffix + k));
        }

        return edits;
    }
}
