using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// The rule list of <c>zookeeper.security.auth_to_local</c>, parsed as ZooKeeper's KerberosName parses it: rules follow
/// one another, whitespace (spaces, tabs, newlines) allowed before each and needed between none; anything that is not
/// a rule where one should start is invalid. Unset it is <c>DEFAULT</c>.
/// ZooKeeper parses the rules lazily, at the first Kerberos login, and on a bad rule kills the thread serving that
/// login (the client hangs until its session expires); we parse at startup and refuse what it would fail on then,
/// including a format <c>$</c> without a number, a <c>$n</c> past the rule's components and a substitution group that
/// does not exist, which ZooKeeper only finds when the rule is applied.
/// </summary>
internal sealed partial class AuthToLocalRules
{
    private AuthToLocalRules(string text, IReadOnlyList<AuthToLocalRule> rules)
    {
        Text = text;
        Rules = rules;
    }

    public static AuthToLocalRules Default { get; } = new("DEFAULT", [AuthToLocalRule.Default]);

    /// <summary>The value as given.</summary>
    public string Text { get; }

    public IReadOnlyList<AuthToLocalRule> Rules { get; }

    /// <summary>One rule at the start of what is left: DEFAULT, or RULE:[n:format] with an optional (match) and s/from/to/ with optional g.</summary>
    [GeneratedRegex(@"\G[ \t\n\x0B\f\r]*(?:(?<default>DEFAULT)|RULE:\[(?<n>[0-9]*):(?<format>[^\]]*)\](?:\((?<match>[^)]*)\))?(?:s/(?<from>[^/]*)/(?<to>[^/]*)/(?<g>g)?)?)")]
    private static partial Regex OneRule();

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> saying which rule is wrong and why.</summary>
    public static AuthToLocalRules Parse(string text)
    {
        var rules = new List<AuthToLocalRule>();
        // Java's String.trim: every character up to U+0020 at either end.
        var remaining = text.Trim(Enumerable.Range(0, 33).Select(c => (char)c).ToArray());
        int at = 0;
        while (at < remaining.Length)
        {
            var m = OneRule().Match(remaining, at);
            if (!m.Success) throw new FormatException($"Invalid rule: {remaining[at..]}");
            rules.Add(m.Groups["default"].Success ? AuthToLocalRule.Default : RuleOf(m));
            at = m.Index + m.Length;
        }
        return new AuthToLocalRules(text, rules);
    }

    private static AuthToLocalRule RuleOf(Match m)
    {
        var text = m.Value.TrimStart();
        FormatException Bad(string why) => new($"{text}: {why}");

        if (!int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var components))
            throw Bad($"the component count '{m.Groups["n"].Value}' is not a number");
        var format = FormatOf(m.Groups["format"].Value, components, Bad);
        var match = m.Groups["match"].Success ? Compile(m.Groups["match"].Value, "match", Bad) : null;
        Regex? from = null;
        string? to = null;
        if (m.Groups["from"].Success)
        {
            from = Compile(m.Groups["from"].Value, "substitution", Bad);
            to = JavaReplacement.ToDotNet(m.Groups["to"].Value, from, why => Bad($"the replacement '{m.Groups["to"].Value}' {why}"));
        }
        return AuthToLocalRule.Of(text, components, format, match, from, to, m.Groups["g"].Success);
    }

    /// <summary>The format's literal text and <c>$n</c> references, each n within 0 (the realm) to the component count.</summary>
    private static List<AuthToLocalRule.FormatPart> FormatOf(string format, int components, Func<string, FormatException> bad)
    {
        var parts = new List<AuthToLocalRule.FormatPart>();
        var literal = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '$')
            {
                literal.Append(format[i]);
                continue;
            }
            int start = ++i;
            while (i < format.Length && char.IsAsciiDigit(format[i])) i++;
            var digits = format[start..i];
            i--;
            if (digits.Length == 0) throw bad("the format has a '$' without a component number");
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > components)
                throw bad($"the format's ${digits} is outside the valid range 0 to {components}");
            if (literal.Length > 0) parts.Add(new(literal.ToString(), null));
            literal.Clear();
            parts.Add(new("", n));
        }
        if (literal.Length > 0) parts.Add(new(literal.ToString(), null));
        return parts;
    }

    private static Regex Compile(string pattern, string what, Func<string, FormatException> bad)
    {
        try
        {
            var regex = new Regex(pattern, RegexOptions.CultureInvariant, AuthToLocalRule.MatchTimeout);
            // The match regex must match the whole name, as Java's Matcher.matches.
            return what == "match" ? new Regex($@"\A(?:{pattern})\z", RegexOptions.CultureInvariant, AuthToLocalRule.MatchTimeout) : regex;
        }
        catch (ArgumentException e)
        {
            throw bad($"the {what} regex '{pattern}' is invalid: {e.Message}");
        }
    }

    public override bool Equals(object? obj) => obj is AuthToLocalRules other && other.Text == Text;

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;
}
