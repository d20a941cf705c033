namespace Keeper.Storage.Tests.SnapshotSupport;

/// <summary>Reads SnapshotFormatter-shaped text (Apache's or our dump) back into its parts.</summary>
internal static class FormatterText
{
    /// <summary>Each node block: path to its indented lines ("  cZxid = ..."), optionally without some keys.</summary>
    public static Dictionary<string, List<string>> Nodes(string text, params string[] dropKeys)
    {
        var nodes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        string previous = "";
        foreach (var line in Lines(text))
        {
            if (previous == "----" && line.StartsWith('/')) nodes[line] = current = [];
            else if (line.StartsWith("  ", StringComparison.Ordinal) && current is not null)
            {
                if (!dropKeys.Any(k => line.StartsWith("  " + k + " = ", StringComparison.Ordinal))) current.Add(line);
            }
            else current = null;
            previous = line;
        }
        return nodes;
    }

    /// <summary>The lines after "Session Details ...:" up to the next "----".</summary>
    public static List<string> Sessions(string text) =>
        Lines(text).SkipWhile(l => !l.StartsWith("Session Details", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l != "----").ToList();

    public static string Line(string text, string prefix) =>
        Lines(text).Single(l => l.StartsWith(prefix, StringComparison.Ordinal));

    public static IEnumerable<string> Lines(string text) => text.Replace("\r", "").Split('\n');
}
