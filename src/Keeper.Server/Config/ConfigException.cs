namespace Keeper.Server.Config;

/// <summary>
/// A configuration problem that must stop startup. The message always names the file and, when the problem is
/// on a line, the line number, so an operator can fix it without reading code: <c>zoo.cfg:3: tickTime: 'abc' is not a number</c>.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string fileName, int? line, string reason, Exception? inner = null)
        : base(Describe(fileName, line, reason), inner)
    {
        FileName = fileName;
        Line = line;
        Reason = reason;
    }

    /// <summary>The file as it was named to the parser (a path or a display name).</summary>
    public string FileName { get; }

    /// <summary>1-based line number, or null when the problem is about the file as a whole (a missing key).</summary>
    public int? Line { get; }

    public string Reason { get; }

    private static string Describe(string fileName, int? line, string reason) =>
        line is { } n ? $"{fileName}:{n}: {reason}" : $"{fileName}: {reason}";
}
