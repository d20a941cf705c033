namespace Keeper.Server.Admin;

/// <summary>
/// The request line of an HTTP/1.x request (<c>GET /commands/ruok HTTP/1.1</c>), the only part the admin server
/// needs: headers are read past and ignored, and there is no body for GET.
/// </summary>
internal sealed record HttpRequestLine(string Method, string Path)
{
    /// <summary>Parses the first line of <paramref name="head"/>; null when it is not an HTTP/1.x request line.</summary>
    public static HttpRequestLine? Parse(string head)
    {
        int end = head.IndexOf('\n');
        var line = (end < 0 ? head : head[..end]).TrimEnd('\r');
        var parts = line.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[0].All(char.IsAsciiLetterUpper)
            || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || !parts[1].StartsWith('/'))
        {
            return null;
        }

        var target = parts[1];
        int query = target.IndexOfAny(['?', '#']);
        if (query >= 0) target = target[..query];
        try
        {
            return new HttpRequestLine(parts[0], Uri.UnescapeDataString(target));
        }
        catch (UriFormatException)
        {
            return null;
        }
    }
}
