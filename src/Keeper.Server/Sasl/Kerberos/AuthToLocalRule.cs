using System.Text;
using System.Text.RegularExpressions;

namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// One rule of <c>zookeeper.security.auth_to_local</c> (ZooKeeper's copy of Hadoop's KerberosName rules):
/// <c>DEFAULT</c>, or <c>RULE:[n:format](match)s/from/to/g</c> with the match and the substitution optional.
/// A RULE applies to a principal of exactly n components; the format's <c>$0</c> is the realm and <c>$1..$n</c> the
/// components; the result must match the whole match regex; then the substitution rewrites its first match (every
/// match with g). Build rules with <see cref="AuthToLocalRules.Parse"/>.
/// </summary>
internal sealed class AuthToLocalRule
{
    /// <summary>Regex matches are bounded so a pathological rule cannot hold a login thread (Java has no such bound).</summary>
    internal static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<FormatPart>? _format;
    private readonly Regex? _match;
    private readonly Regex? _from;
    private readonly string? _to;
    private readonly bool _global;

    private AuthToLocalRule(string text, int components, IReadOnlyList<FormatPart>? format, Regex? match, Regex? from, string? to, bool global)
    {
        Text = text;
        Components = components;
        _format = format;
        _match = match;
        _from = from;
        _to = to;
        _global = global;
    }

    /// <summary>The rule as written, for log lines.</summary>
    public string Text { get; }

    public bool IsDefault => _format is null;

    /// <summary>n of <c>RULE:[n:...]</c>; 0 for DEFAULT.</summary>
    public int Components { get; }

    public static AuthToLocalRule Default { get; } = new("DEFAULT", 0, null, null, null, null, false);

    /// <summary>A RULE from its parts; <paramref name="to"/> is already in .NET's replacement syntax.</summary>
    internal static AuthToLocalRule Of(string text, int components, IReadOnlyList<FormatPart> format, Regex? match, Regex? from, string? to, bool global) =>
        new(text, components, format, match, from, to, global);

    /// <summary>
    /// This rule's name for a principal given as {realm, component1, ...}: null when the rule does not apply (another
    /// component count, a realm DEFAULT does not know, no match).
    /// </summary>
    public string? Apply(IReadOnlyList<string> parameters, string defaultRealm)
    {
        if (_format is null) return defaultRealm == parameters[0] ? parameters[1] : null;
        if (parameters.Count - 1 != Components) return null;
        var formatted = new StringBuilder();
        foreach (var part in _format) formatted.Append(part.Parameter is { } n ? parameters[n] : part.Literal);
        var name = formatted.ToString();
        if (_match is not null && !_match.IsMatch(name)) return null;
        if (_from is null) return name;
        return _global ? _from.Replace(name, _to!) : _from.Replace(name, _to!, 1);
    }

    /// <summary>A piece of a rule's format: literal text, or <c>$n</c> (0 is the realm).</summary>
    internal readonly record struct FormatPart(string Literal, int? Parameter);
}
