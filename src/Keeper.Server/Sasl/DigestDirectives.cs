using System.Text;

namespace Keeper.Server.Sasl;

/// <summary>
/// The <c>name=value, name="quoted value", ...</c> lists DIGEST-MD5 messages are made of (RFC 2831 section 7.1:
/// <c>#rule</c> lists, so empty elements and linear white space around elements and <c>=</c> are allowed; a
/// quoted-string may escape any character with a backslash). Names are case-insensitive and kept lower-case.
/// </summary>
internal static class DigestDirectives
{
    /// <summary>The directives in order of appearance; a repeated name appears twice, for the caller to judge.</summary>
    public static List<KeyValuePair<string, string>> Parse(string text)
    {
        var result = new List<KeyValuePair<string, string>>();
        int i = 0;
        while (true)
        {
            SkipWhite(text, ref i);
            while (i < text.Length && text[i] == ',')
            {
                i++;
                SkipWhite(text, ref i);
            }
            if (i >= text.Length) return result;
            int nameStart = i;
            while (i < text.Length && IsTokenChar(text[i])) i++;
            if (i == nameStart) throw new SaslFailure($"malformed digest message: unexpected '{text[i]}' at offset {i}");
            string name = text[nameStart..i].ToLowerInvariant();
            SkipWhite(text, ref i);
            if (i >= text.Length || text[i] != '=') throw new SaslFailure($"malformed digest message: directive '{name}' has no value");
            i++;
            SkipWhite(text, ref i);
            string value = i < text.Length && text[i] == '"' ? ReadQuoted(text, ref i, name) : ReadToken(text, ref i);
            result.Add(new(name, value));
            SkipWhite(text, ref i);
            if (i < text.Length && text[i] != ',')
                throw new SaslFailure($"malformed digest message: expected ',' after directive '{name}' at offset {i}");
        }
    }

    /// <summary>
    /// The directives of <paramref name="list"/> named in <paramref name="once"/>, each allowed at most once (RFC 2831
    /// 2.1.1 and 2.1.2); others are ignored, as Java's SASL client and server ignore them.
    /// </summary>
    public static Dictionary<string, string> Once(List<KeyValuePair<string, string>> list, IReadOnlySet<string> once, string message)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in list)
        {
            if (!once.Contains(name)) continue;
            if (!result.TryAdd(name, value)) throw new SaslFailure($"directive '{name}' appears more than once in the {message}");
        }
        return result;
    }

    /// <summary>Whether the message says charset=utf-8 (the only charset besides the ISO 8859-1 default).</summary>
    public static bool IsUtf8(Dictionary<string, string> directives)
    {
        if (!directives.TryGetValue("charset", out var charset)) return false;
        return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) ? true : throw new SaslFailure($"unsupported charset '{charset}'");
    }

    /// <summary>A value of a message read as ISO 8859-1 (one char per byte): with charset=utf-8 its bytes are UTF-8.</summary>
    public static string Decode(string value, bool utf8, string message)
    {
        if (!utf8) return value;
        try
        {
            return StrictUtf8.GetString(Encoding.Latin1.GetBytes(value));
        }
        catch (DecoderFallbackException)
        {
            throw new SaslFailure($"{message} is not valid UTF-8");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A value as a quoted-string, with the two characters that need it escaped.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    private static string ReadQuoted(string text, ref int i, string name)
    {
        var sb = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            char c = text[i++];
            if (c == '"') return sb.ToString();
            if (c == '\\')
            {
                if (i >= text.Length) break;
                c = text[i++];
            }
            sb.Append(c);
        }
        throw new SaslFailure($"malformed digest message: unterminated quoted value of '{name}'");
    }

    private static string ReadToken(string text, ref int i)
    {
        int start = i;
        while (i < text.Length && text[i] != ',' && !IsWhite(text[i])) i++;
        return text[start..i];
    }

    private static void SkipWhite(string text, ref int i)
    {
        while (i < text.Length && IsWhite(text[i])) i++;
    }

    private static bool IsWhite(char c) => c is ' ' or '\t' or '\r' or '\n';

    // RFC 2616's token: any CHAR except CTLs and separators.
    private static bool IsTokenChar(char c) =>
        c > 32 && c < 127 && "()<>@,;:\\\"/[]?={} \t".IndexOf(c) < 0;
}
