using System.Text;
using Keeper.Server.Config;

namespace Keeper.Server.Sasl;

/// <summary>
/// Cuts a JAAS file into the tokens Java's <c>ConfigFile</c> sees through its <c>StreamTokenizer</c>: words (letters,
/// digits, <c>. $ _ - *</c>, not starting with a digit or '.'), double-quoted strings with backslash escapes, the
/// symbols <c>{ } ; =</c>, and <c>//</c> and <c>/* */</c> comments. Where Java would fail later with a vaguer message
/// (a single quote, a value starting with a digit, a stray character) this fails at once naming the line.
/// </summary>
internal sealed class JaasTokenizer(string text, string fileName)
{
    private int _at;
    private int _line = 1;

    internal enum Kind { End, Word, Quoted, Symbol }

    internal readonly record struct Token(Kind Kind, string Text, int Line)
    {
        public bool Is(char symbol) => Kind == Kind.Symbol && Text[0] == symbol;

        public string Describe() => Kind switch
        {
            Kind.End => "end of file",
            Kind.Quoted => $"\"{Text}\"",
            _ => $"'{Text}'",
        };
    }

    public Token Next()
    {
        SkipWhiteAndComments();
        if (_at >= text.Length) return new(Kind.End, "", _line);
        char c = text[_at];
        int line = _line;
        if (c is '{' or '}' or ';' or '=')
        {
            _at++;
            return new(Kind.Symbol, c.ToString(), line);
        }
        if (c == '"') return new(Kind.Quoted, ReadQuoted(), line);
        if (IsWordStart(c))
        {
            int start = _at;
            while (_at < text.Length && (IsWordStart(text[_at]) || char.IsAsciiDigit(text[_at]) || text[_at] == '.')) _at++;
            return new(Kind.Word, text[start.._at], line);
        }
        if (c == '\'') throw Fail(line, "single quotes do not quote in a JAAS file; use double quotes");
        if (char.IsAsciiDigit(c) || c == '.') throw Fail(line, $"a value starting with '{c}' must be in double quotes");
        throw Fail(line, $"unexpected character '{c}'");
    }

    public ConfigException Fail(int line, string reason) => new(fileName, line, reason);

    // StreamTokenizer's word characters: ASCII letters, everything from U+00A0 up, and the ones ConfigFile adds.
    private static bool IsWordStart(char c) => char.IsAsciiLetter(c) || c >= '\u00a0' || c is '$' or '_' or '-' or '*';

    private void SkipWhiteAndComments()
    {
        while (_at < text.Length)
        {
            char c = text[_at];
            if (c == '\n' || (c == '\r' && !(_at + 1 < text.Length && text[_at + 1] == '\n'))) _line++;
            if (c <= ' ')
            {
                _at++;
            }
            else if (c == '/' && _at + 1 < text.Length && text[_at + 1] == '/')
            {
                while (_at < text.Length && text[_at] is not ('\n' or '\r')) _at++;
            }
            else if (c == '/' && _at + 1 < text.Length && text[_at + 1] == '*')
            {
                int startLine = _line;
                _at += 2;
                while (_at < text.Length && !(text[_at] == '*' && _at + 1 < text.Length && text[_at + 1] == '/'))
                {
                    if (text[_at] == '\n') _line++;
                    _at++;
                }
                if (_at >= text.Length) throw Fail(startLine, "comment '/*' is never closed");
                _at += 2;
            }
            else if (c == '/')
            {
                throw Fail(_line, "unexpected '/' (a value containing '/' must be in double quotes)");
            }
            else
            {
                return;
            }
        }
    }

    // Java's StreamTokenizer escapes: \n \t \r \b \f \a \v, octal \ooo, and any other character stands for itself.
    private string ReadQuoted()
    {
        int line = _line;
        var sb = new StringBuilder();
        _at++;
        while (_at < text.Length)
        {
            char c = text[_at++];
            if (c == '"') return sb.ToString();
            if (c is '\n' or '\r') break;
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (_at >= text.Length) break;
            c = text[_at++];
            switch (c)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'a': sb.Append('\a'); break;
                case 'v': sb.Append('\v'); break;
                case >= '0' and <= '7':
                    int value = c - '0';
                    // Up to three octal digits, the first at most 3 when there are three (a byte).
                    int max = c <= '3' ? 2 : 1;
                    for (int k = 0; k < max && _at < text.Length && text[_at] is >= '0' and <= '7'; k++) value = value * 8 + (text[_at++] - '0');
                    sb.Append((char)value);
                    break;
                default: sb.Append(c); break;
            }
        }
        throw Fail(line, "a double-quoted string is not closed on its line");
    }
}
