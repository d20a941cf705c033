using System.Text;

namespace Keeper.Cli;

/// <summary>Splitting a shell line into words and a command's words into options and arguments, as zkCli does.</summary>
internal static class CommandLine
{
    /// <summary>
    /// ZooKeeperMain.parseCommand: words are <c>[^"']\S*</c>, <c>"..."</c> or <c>'...'</c> (quotes stripped),
    /// separated by whitespace.
    /// </summary>
    public static List<string> Split(string line)
    {
        var words = new List<string>();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            if (i >= line.Length) break;
            char c = line[i];
            if (c is '"' or '\'')
            {
                int close = line.IndexOf(c, i + 1);
                if (close >= 0)
                {
                    words.Add(line.Substring(i + 1, close - i - 1));
                    i = close + 1;
                    continue;
                }

                // An unmatched quote: the regex skips it and goes on with the next word.
                i++;
                continue;
            }

            int start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            words.Add(line[start..i]);
        }

        return words;
    }

    /// <summary>Shell-style display of words, for the history.</summary>
    public static string Join(IEnumerable<string> words)
    {
        var b = new StringBuilder();
        foreach (var w in words)
        {
            if (b.Length > 0) b.Append(' ');
            b.Append(w);
        }

        return b.ToString();
    }
}

/// <summary>
/// A command's options after commons-cli's DefaultParser: flags (-s) and valued options (-v 3) may come
/// anywhere among the arguments; "--" ends the options.
/// </summary>
internal sealed class ParsedArgs
{
    private readonly HashSet<char> _flags = [];
    private readonly Dictionary<char, string> _values = [];

    public List<string> Args { get; } = [];

    /// <summary>The options in the order they were given (for commons-cli's option-group check).</summary>
    public List<char> Order { get; } = [];

    public bool Has(char option) => _flags.Contains(option) || _values.ContainsKey(option);

    public string? Value(char option) => _values.GetValueOrDefault(option);

    /// <param name="words">the command word and its arguments</param>
    /// <param name="flags">options without a value, e.g. "swR"</param>
    /// <param name="valued">options with a value, e.g. "v"</param>
    /// <param name="usage">the usage line, the message when the words do not parse</param>
    public static ParsedArgs Parse(IReadOnlyList<string> words, string flags, string valued, string usage)
    {
        var parsed = new ParsedArgs();
        parsed.Args.Add(words[0]);
        bool optionsEnded = false;
        for (int i = 1; i < words.Count; i++)
        {
            var w = words[i];
            if (!optionsEnded && w == "--")
            {
                optionsEnded = true;
                continue;
            }

            if (!optionsEnded && w.Length >= 2 && w[0] == '-')
            {
                char o = w[1];
                if (w.Length == 2 && flags.Contains(o))
                {
                    parsed._flags.Add(o);
                    parsed.Order.Add(o);
                    continue;
                }

                if (valued.Contains(o))
                {
                    // DefaultParser takes the next word as the value unless it is one of the command's options
                    // (a negative number is a value); the first value of a repeated option is the one used.
                    bool nextIsOption = i + 1 < words.Count && IsKnownOption(words[i + 1], flags, valued);
                    string? value = w.Length > 2 ? w[2..] : i + 1 < words.Count && !nextIsOption ? words[++i] : null;
                    if (value is null) throw new CliException("org.apache.commons.cli.MissingArgumentException: Missing argument for option: " + o);
                    parsed._values.TryAdd(o, value);
                    parsed.Order.Add(o);
                    continue;
                }

                throw new CliException("org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: " + w);
            }

            parsed.Args.Add(w);
        }

        _ = usage;
        return parsed;
    }

    private static bool IsKnownOption(string word, string flags, string valued) =>
        word.Length >= 2 && word[0] == '-' && (flags.Contains(word[1]) || valued.Contains(word[1])) &&
        !double.TryParse(word, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>
    /// An OptionGroup: at most one of <paramref name="group"/> (AlreadySelectedException names the second one
    /// and the one selected first) and, when <paramref name="required"/>, at least one (MissingOptionException
    /// lists them with their descriptions).
    /// </summary>
    public void CheckGroup(string group, bool required, string describedOptions)
    {
        char? selected = null;
        foreach (var o in Order)
        {
            if (!group.Contains(o)) continue;
            if (selected is null || selected == o)
            {
                selected = o;
                continue;
            }
            throw new CliException($"org.apache.commons.cli.AlreadySelectedException: The option '{o}' was specified but an option from this group has already been selected: '{selected}'");
        }
        if (required && selected is null)
            throw new CliException("org.apache.commons.cli.MissingOptionException: Missing required option: [" + describedOptions + "]");
    }
}
