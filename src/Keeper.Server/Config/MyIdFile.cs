using System.Globalization;

namespace Keeper.Server.Config;

/// <summary>
/// <c>dataDir/myid</c>: the server id in ASCII decimal on the first line (ZooKeeper reads it with
/// <c>readLine</c> + <c>Long.parseLong</c>; we also forgive surrounding whitespace, which <c>echo</c> leaves).
/// </summary>
internal static class MyIdFile
{
    public static string PathIn(string dataDir) => Path.Combine(dataDir, "myid");

    /// <summary>The file's text, or null when it does not exist.</summary>
    public static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, null, $"cannot read the file: {e.Message}", e);
        }
    }

    public static long Parse(string text, string path)
    {
        var firstLine = text.Split('\n')[0].Trim();
        if (long.TryParse(firstLine, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        throw new ConfigException(path, 1, $"myid: '{firstLine}' is not a number");
    }
}
