using System.Text;

namespace Keeper.Consensus.Tests.Election;

/// <summary>
/// etcd's datadriven format: a command line, a <c>----</c> line, the expected output, a blank line. Lines outside
/// blocks (comments, spacing) are kept as they are so a rewrite only touches outputs.
/// Set KEEPER_REWRITE=1 to write actual outputs back into the files instead of comparing (raft's -rewrite).
/// </summary>
internal static class DataDrivenScript
{
    public static bool Rewrite => Environment.GetEnvironmentVariable("KEEPER_REWRITE") == "1";

    /// <summary>Runs every command through <paramref name="run"/>; returns the differences, or rewrites the file.</summary>
    public static string? RunFile(string path, Func<string, string> run)
    {
        var lines = File.ReadAllLines(path);
        var rewritten = new StringBuilder();
        var failures = new StringBuilder();
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            var isCommand = line.Trim().Length > 0 && !line.StartsWith('#') && i + 1 < lines.Length && lines[i + 1] == "----";
            if (!isCommand)
            {
                rewritten.Append(line).Append('\n');
                i++;
                continue;
            }
            var lineNumber = i + 1;
            i += 2;
            var expected = new List<string>();
            while (i < lines.Length && lines[i].Length > 0)
                expected.Add(lines[i++]);

            string actual;
            try
            {
                actual = run(line.Trim()).TrimEnd('\n');
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException)
            {
                actual = "error: " + e.Message;
            }
            if (actual.Length == 0)
                actual = "ok";

            var expectedText = string.Join('\n', expected);
            if (actual != expectedText)
            {
                failures.Append($"{Path.GetFileName(path)}:{lineNumber}: {line}\n--- expected\n{expectedText}\n--- actual\n{actual}\n\n");
            }
            rewritten.Append(line).Append("\n----\n").Append(actual).Append('\n');
        }

        if (Rewrite)
        {
            File.WriteAllText(path, rewritten.ToString());
            return null;
        }
        return failures.Length == 0 ? null : failures.ToString();
    }

    /// <summary>Splits <c>cmd pos1 key=value ...</c>.</summary>
    public static (string Command, List<string> Positional, Dictionary<string, string> Named) Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var positional = new List<string>();
        var named = new Dictionary<string, string>();
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=');
            if (eq > 0)
                named[part[..eq]] = part[(eq + 1)..];
            else
                positional.Add(part);
        }
        return (parts[0], positional, named);
    }
}
