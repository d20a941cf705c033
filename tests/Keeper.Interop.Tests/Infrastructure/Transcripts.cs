using System.Text;
using Keeper.TestSupport;
using Xunit.Sdk;

namespace Keeper.Interop.Tests.Infrastructure;

/// <summary>
/// Comparing normalised transcripts: with each other, and with the transcripts recorded from
/// Apache ZooKeeper 3.8 in expected/ (which document, line by line, what a compatible server
/// must produce). Set KEEPER_INTEROP_RECORD=1 to rewrite the recorded files from an Apache run.
/// </summary>
internal static class Transcripts
{
    public static string ExpectedDir => Path.Combine(RepoPaths.Root, "tests", "Keeper.Interop.Tests", "expected");

    public static bool Recording => Environment.GetEnvironmentVariable("KEEPER_INTEROP_RECORD") == "1";

    /// <summary>The recorded Apache transcript <paramref name="name"/> (a file in expected/).</summary>
    public static string Recorded(string name)
    {
        var path = Path.Combine(ExpectedDir, name);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"the recorded transcript {path} is missing; run the apache case with KEEPER_INTEROP_RECORD=1 to record it", path);
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> (from a server of <paramref name="kind"/>) equals the
    /// recorded transcript. An apache run with KEEPER_INTEROP_RECORD=1 rewrites the file instead.
    /// </summary>
    public static void AssertMatchesRecorded(string name, string kind, string actual, string? context = null)
    {
        if (Recording && kind == ServerKinds.Apache)
        {
            var path = Path.Combine(ExpectedDir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        AssertSame(Recorded(name), actual, $"recorded Apache ZooKeeper 3.8 transcript expected/{name}", $"{kind} server", context);
    }

    /// <summary>Asserts two transcripts are identical, with a readable first difference and both saved to files.</summary>
    public static void AssertSame(string expected, string actual, string expectedLabel, string actualLabel, string? context = null)
    {
        if (expected == actual)
        {
            return;
        }

        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var first = 0;
        while (first < e.Length && first < a.Length && e[first] == a[first])
        {
            first++;
        }

        var dir = Path.Combine(Path.GetTempPath(), "keeper-interop-diffs");
        Directory.CreateDirectory(dir);
        var stamp = $"{DateTime.UtcNow:HHmmss}-{Guid.NewGuid():N}"[..16];
        var expectedFile = Path.Combine(dir, $"{stamp}-expected.txt");
        var actualFile = Path.Combine(dir, $"{stamp}-actual.txt");
        File.WriteAllText(expectedFile, expected);
        File.WriteAllText(actualFile, actual);

        var sb = new StringBuilder();
        sb.Append($"Transcripts differ first at line {first + 1} (expected: {expectedLabel}; actual: {actualLabel}).\n");
        sb.Append($"Full texts: {expectedFile} and {actualFile} (diff -u them).\n");
        var from = Math.Max(0, first - 4);
        sb.Append("--- expected ---\n");
        for (var i = from; i < Math.Min(e.Length, first + 6); i++)
        {
            sb.Append(i == first ? "> " : "  ").Append(e[i]).Append('\n');
        }

        sb.Append("--- actual ---\n");
        for (var i = from; i < Math.Min(a.Length, first + 6); i++)
        {
            sb.Append(i == first ? "> " : "  ").Append(a[i]).Append('\n');
        }

        if (context is not null)
        {
            sb.Append("--- context ---\n").Append(context).Append('\n');
        }

        throw new XunitException(sb.ToString());
    }
}
