using System.Globalization;
using System.Text;

namespace Keeper.Server.Config;

/// <summary>
/// Splits text the way <c>java.util.Properties.load</c> does, because zoo.cfg is read with it: comment lines start
/// with <c>#</c> or <c>!</c>; the key ends at the first unescaped <c>=</c>, <c>:</c> or whitespace; a line ending in an
/// odd number of backslashes continues on the next; <c>\t \n \r \f \uXXXX</c> escapes are decoded. Unlike
/// Properties, it keeps line numbers and every occurrence of a key (callers decide what a repeat means), and it
/// trims keys and values as ZooKeeper does after loading.
/// </summary>
internal static class PropertiesReader
{
    public static IReadOnlyList<PropertyLine> Read(string text, string fileName)
    {
        var result = new List<PropertyLine>();
        var lines = SplitLines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            var startLine = i + 1;
            var physical = lines[i].TrimStart(' ', '\t', '\f');
            if (physical.Length == 0 || physical[0] == '#' || physical[0] == '!')
            {
                continue;
            }

            var logical = new StringBuilder();
            while (true)
            {
                if (!EndsWithContinuation(physical))
                {
                    logical.Append(physical);
                    break;
                }

                logical.Append(physical, 0, physical.Length - 1);
                if (i + 1 >= lines.Length)
                {
                    break;
                }

                i++;
                physical = lines[i].TrimStart(' ', '\t', '\f');
            }

            var (key, value) = SplitKeyValue(logical.ToString(), fileName, startLine);
            if (key.Length > 0)
            {
                result.Add(new PropertyLine(key, value, startLine));
            }
        }

        return result;
    }

    private static string[] SplitLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');

    private static bool EndsWithContinuation(string line)
    {
        var backslashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static (string Key, string Value) SplitKeyValue(string line, string fileName, int lineNumber)
    {
        var keyEnd = 0;
        while (keyEnd < line.Length)
        {
            var c = line[keyEnd];
            if (c == '\\')
            {
                keyEnd += 2;
                continue;
            }

            if (c is '=' or ':' or ' ' or '\t' or '\f')
            {
                break;
            }

            keyEnd++;
        }

        keyEnd = Math.Min(keyEnd, line.Length);
        var valueStart = keyEnd;
        while (valueStart < line.Length && line[valueStart] is ' ' or '\t' or '\f')
        {
            valueStart++;
        }

        if (valueStart < line.Length && line[valueStart] is '=' or ':')
        {
            valueStart++;
        }

        var key = Unescape(line[..keyEnd], fileName, lineNumber).Trim();
        var value = Unescape(line[valueStart..], fileName, lineNumber).Trim();
        return (key, value);
    }

    private static string Unescape(string s, string fileName, int lineNumber)
    {
        if (!s.Contains('\\'))
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c != '\\' || i + 1 >= s.Length)
            {
                sb.Append(c);
                continue;
            }

            var next = s[++i];
            switch (next)
            {
                case 't': sb.Append('\t'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 'f': sb.Append('\f'); break;
                case 'u':
                    if (s.Length - (i + 1) < 4 ||
                        !int.TryParse(s.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture,
                            out var code))
                    {
                        throw new ConfigException(fileName, lineNumber, "malformed \\uXXXX escape");
                    }

                    sb.Append((char)code);
                    i += 4;
                    break;
                default: sb.Append(next); break;
            }
        }

        return sb.ToString();
    }
}
