using System.Text;
using System.Text.RegularExpressions;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Infrastructure;

/// <summary>
/// Reduces a four-letter word's output to its shape: the keys, the line structure and the
/// values that must match exactly, with counters, timings, ids, ports, paths and dates replaced
/// by placeholders. Where the server's output order comes from a hash map (connections, watch
/// paths, mntr), lines are sorted; where it is a bucketed dump, the distinct line shapes are kept.
/// </summary>
internal static partial class FourLetterWordShapes
{
    /// <summary>The words compared by shape.</summary>
    public static readonly string[] Words = ["srvr", "stat", "mntr", "conf", "envi", "cons", "dump", "wchs", "wchc", "wchp", "dirs", "isro"];

    public static string Shape(string word, string output, ITestServer server, string heldSessionId)
    {
        var text = output
            .Replace(server.DataDir, "<dataDir>", StringComparison.Ordinal)
            .Replace(heldSessionId, "0x<held-session>", StringComparison.Ordinal);
        text = Normalise.Port(text, server.Port);
        text = Normalise.Dates(text);
        var lines = text.Split('\n').ToList();
        var trailingNewline = output.EndsWith('\n');
        if (trailingNewline)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        List<string> shaped = word switch
        {
            "srvr" => lines.Select(Counters).ToList(),
            "stat" => SortRuns(lines.Select(Counters).ToList(), l => l.StartsWith(" /", StringComparison.Ordinal)),
            "cons" => lines.Select(Counters).Order(StringComparer.Ordinal).ToList(),
            "conf" => lines.Select(Conf).ToList(),
            "envi" => lines.Select(l => l.Contains('=') ? l[..(l.IndexOf('=') + 1)] + "<value>" : l).ToList(),
            "mntr" => lines.Select(Mntr).Order(StringComparer.Ordinal).ToList(),
            "dump" => lines.Select(Counters).Distinct().Order(StringComparer.Ordinal).ToList(),
            "wchs" => lines,
            "wchc" => SortRuns(lines, l => l.StartsWith('\t')),
            "wchp" => SortBlocks(lines),
            "dirs" => lines.Select(Counters).ToList(),
            _ => lines,
        };

        var sb = new StringBuilder();
        sb.Append("# ").Append(word).Append(trailingNewline ? " (ends with a newline)" : " (no final newline)").Append('\n');
        foreach (var l in shaped)
        {
            sb.Append(l).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The version line's text, hex ids and every number become placeholders.</summary>
    private static string Counters(string line)
    {
        if (line.StartsWith("Zookeeper version: ", StringComparison.Ordinal))
        {
            return "Zookeeper version: <version>";
        }

        line = Hex().Replace(line, "0x<hex>");
        line = Address().Replace(line, "/<ip>:<port>");
        return Number().Replace(line, "N");
    }

    private static string Conf(string line)
    {
        var eq = line.IndexOf('=');
        if (eq < 0)
        {
            return line;
        }

        var key = line[..eq];
        return key switch
        {
            "dataDirSize" or "dataLogSize" => key + "=N",
            "clientPort" => key + "=<port>",
            _ => line,
        };
    }

    private static string Mntr(string line)
    {
        var tab = line.IndexOf('\t');
        if (tab < 0)
        {
            return line;
        }

        var key = line[..tab];
        var value = line[(tab + 1)..];
        var kind = key switch
        {
            "zk_version" => "<version>",
            "zk_server_state" => value,
            _ when Integer().IsMatch(value) => "<long>",
            _ when Double().IsMatch(value) => "<double>",
            _ => "<string>",
        };
        return key + "\t" + kind;
    }

    /// <summary>Sorts each run of consecutive lines matching <paramref name="inRun"/>.</summary>
    private static List<string> SortRuns(List<string> lines, Func<string, bool> inRun)
    {
        var result = new List<string>();
        var run = new List<string>();
        foreach (var l in lines)
        {
            if (inRun(l))
            {
                run.Add(l);
                continue;
            }

            result.AddRange(run.Order(StringComparer.Ordinal));
            run.Clear();
            result.Add(l);
        }

        result.AddRange(run.Order(StringComparer.Ordinal));
        return result;
    }

    /// <summary>wchp: blocks of a path line and its tab-indented session lines, sorted by path.</summary>
    private static List<string> SortBlocks(List<string> lines)
    {
        var blocks = new List<List<string>>();
        var tail = new List<string>();
        foreach (var l in lines)
        {
            if (l.StartsWith('/'))
            {
                blocks.Add([l]);
            }
            else if (l.StartsWith('\t') && blocks.Count > 0)
            {
                blocks[^1].Add(l);
            }
            else
            {
                tail.Add(l);
            }
        }

        return [.. blocks.OrderBy(b => b[0], StringComparer.Ordinal).SelectMany(b => b), .. tail];
    }

    [GeneratedRegex(@"0x[0-9a-fA-F]+")]
    private static partial Regex Hex();

    /// <summary>A number standing alone (not part of a word such as 0x1f, p99 or interop-4lw).</summary>
    [GeneratedRegex(@"(?<![\w.\-])-?\d+(\.\d+)?(?![\w])")]
    private static partial Regex Number();

    [GeneratedRegex(@"/127\.0\.0\.1:\d+")]
    private static partial Regex Address();

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^-?\d+\.\d+([eE]-?\d+)?$")]
    private static partial Regex Double();
}
