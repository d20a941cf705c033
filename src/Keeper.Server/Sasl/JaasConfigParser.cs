using System.Text;
using Keeper.Server.Config;

namespace Keeper.Server.Sasl;

/// <summary>
/// Reads the JAAS login configuration syntax (javax.security.auth.login.Configuration's default file format):
/// <code>
/// Name {
///     module.ClassName flag key="value" key2=word ...;
/// };
/// </code>
/// Flags are required, requisite, sufficient or optional (any case); a name may appear once; <c>${prop}</c> in a
/// value is expanded from the given properties (<c>${/}</c> is '/'), as Java expands system properties. Any mistake is
/// a <see cref="ConfigException"/> naming the file and the line.
/// </summary>
internal static class JaasConfigParser
{
    private static readonly string[] Flags = ["required", "requisite", "sufficient", "optional"];

    public static JaasConfig Parse(string text, string fileName, Func<string, string?> property)
    {
        var tokens = new JaasTokenizer(text, fileName);
        var sections = new Dictionary<string, IReadOnlyList<JaasLoginModule>>(StringComparer.Ordinal);
        var token = tokens.Next();
        while (token.Kind != JaasTokenizer.Kind.End)
        {
            if (token.Kind is not (JaasTokenizer.Kind.Word or JaasTokenizer.Kind.Quoted))
                throw tokens.Fail(token.Line, $"expected a section name, found {token.Describe()}");
            var name = token;
            Expect(tokens, '{', "after section name " + name.Text);
            var modules = new List<JaasLoginModule>();
            token = tokens.Next();
            while (!token.Is('}'))
            {
                modules.Add(ReadModule(tokens, token, property));
                token = tokens.Next();
            }
            Expect(tokens, ';', $"after the '}}' of section {name.Text}");
            if (!sections.TryAdd(name.Text, modules))
                throw tokens.Fail(name.Line, $"section {name.Text} appears more than once");
            token = tokens.Next();
        }
        return new JaasConfig(fileName, sections);
    }

    private static JaasLoginModule ReadModule(JaasTokenizer tokens, JaasTokenizer.Token first, Func<string, string?> property)
    {
        string className = Value(tokens, first, "a login module class name or '}'");
        var flagToken = tokens.Next();
        string flag = Value(tokens, flagToken, $"a control flag after {className}").ToLowerInvariant();
        if (!Flags.Contains(flag))
            throw tokens.Fail(flagToken.Line, $"'{flagToken.Text}' is not a control flag (use required, requisite, sufficient or optional)");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var token = tokens.Next();
        while (!token.Is(';'))
        {
            string key = Value(tokens, token, $"an option or ';' to end the {className} entry");
            Expect(tokens, '=', $"after option {key}");
            var valueToken = tokens.Next();
            string value = Value(tokens, valueToken, $"a value for option {key}");
            // java.util.HashMap: a repeated key keeps the last value.
            options[key] = Expand(tokens, valueToken.Line, value, property);
            token = tokens.Next();
        }
        return new JaasLoginModule(className, flag, options, first.Line);
    }

    private static string Value(JaasTokenizer tokens, JaasTokenizer.Token token, string expected) =>
        token.Kind is JaasTokenizer.Kind.Word or JaasTokenizer.Kind.Quoted
            ? token.Text
            : throw tokens.Fail(token.Line, $"expected {expected}, found {token.Describe()}");

    private static void Expect(JaasTokenizer tokens, char symbol, string where)
    {
        var token = tokens.Next();
        if (!token.Is(symbol)) throw tokens.Fail(token.Line, $"expected '{symbol}' {where}, found {token.Describe()}");
    }

    private static string Expand(JaasTokenizer tokens, int line, string value, Func<string, string?> property)
    {
        if (!value.Contains("${", StringComparison.Ordinal)) return value;
        var sb = new StringBuilder();
        int at = 0;
        while (at < value.Length)
        {
            int open = value.IndexOf("${", at, StringComparison.Ordinal);
            if (open < 0)
            {
                sb.Append(value, at, value.Length - at);
                break;
            }
            int close = value.IndexOf('}', open + 2);
            if (close < 0) throw tokens.Fail(line, $"'${{' without '}}' in value \"{value}\"");
            sb.Append(value, at, open - at);
            string name = value[(open + 2)..close];
            sb.Append(name == "/" ? "/" : property(name) ?? throw tokens.Fail(line, $"cannot expand ${{{name}}}: no such property"));
            at = close + 1;
        }
        return sb.Length > 0 ? sb.ToString() : throw tokens.Fail(line, $"value \"{value}\" expands to nothing");
    }
}
