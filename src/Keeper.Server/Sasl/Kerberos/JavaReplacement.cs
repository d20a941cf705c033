using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// A replacement string as Java's Matcher.replaceFirst/replaceAll read it, rewritten for .NET's Regex.Replace: in Java
/// a backslash makes the next character literal, <c>$n</c> is a group (further digits are taken while the number
/// stays a group of the pattern) and <c>${name}</c> a named group; in .NET <c>$</c> is doubled to be literal.
/// </summary>
internal static class JavaReplacement
{
    /// <summary>The .NET form of <paramref name="replacement"/> for <paramref name="pattern"/>; what Java would throw on becomes <paramref name="bad"/>'s exception.</summary>
    public static string ToDotNet(string replacement, Regex pattern, Func<string, Exception> bad)
    {
        int groupCount = pattern.GetGroupNumbers().Length - 1;
        var result = new StringBuilder();
        for (int i = 0; i < replacement.Length; i++)
        {
            char c = replacement[i];
            if (c == '\\')
            {
                if (++i == replacement.Length) throw bad("ends in a '\\' with no character to escape");
                Literal(result, replacement[i]);
            }
            else if (c != '$')
            {
                Literal(result, c);
            }
            else if (++i == replacement.Length)
            {
                throw bad("ends in a '$' with no group");
            }
            else if (replacement[i] == '{')
            {
                int close = replacement.IndexOf('}', i);
                var name = close < 0 ? "" : replacement[(i + 1)..close];
                if (name.Length == 0 || !char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
                    throw bad("has a '${' that is not a group name");
                if (pattern.GroupNumberFromName(name) < 0) throw bad($"names the group '{name}', which the regex does not have");
                result.Append("${").Append(name).Append('}');
                i = close;
            }
            else if (!char.IsAsciiDigit(replacement[i]))
            {
                throw bad("has a '$' not followed by a group number");
            }
            else
            {
                // Java's greedy-while-valid reading of the group number.
                int group = replacement[i] - '0';
                while (i + 1 < replacement.Length && char.IsAsciiDigit(replacement[i + 1]) && group * 10 + (replacement[i + 1] - '0') <= groupCount)
                    group = group * 10 + (replacement[++i] - '0');
                if (group > groupCount) throw bad($"refers to group {group}, which the regex does not have");
                result.Append("${").Append(group.ToString(CultureInfo.InvariantCulture)).Append('}');
            }
        }
        return result.ToString();
    }

    private static void Literal(StringBuilder result, char c) => result.Append(c == '$' ? "$$" : c.ToString());
}
