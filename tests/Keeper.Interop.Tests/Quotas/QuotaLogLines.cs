using System.Text.RegularExpressions;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Quotas;

/// <summary>The quota lines of a server's log (level and message), Apache's log4j file or our output alike.</summary>
internal static partial class QuotaLogLines
{
    public static async Task<List<string>> ReadAsync(ITestServer server, int atLeast = 0)
    {
        var t = (TestServer)server;
        var file = t.LogFile ?? t.OutputFile;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            // Our server writes its log from a background task: wait (bounded) for lines still on their way.
            var lines = Extract(File.Exists(file) ? await File.ReadAllTextAsync(file) : "");
            if (lines.Count >= atLeast || DateTime.UtcNow > deadline) return lines;
            await Task.Delay(100);
        }
    }

    private static List<string> Extract(string text) =>
        text.Split('\n').Select(l => Line().Match(l)).Where(m => m.Success && Quota().IsMatch(m.Groups["m"].Value))
            .Select(m => m.Groups["level"].Value + " " + m.Groups["m"].Value.TrimEnd('\r')).ToList();

    [GeneratedRegex(@" - (?<level>WARN|ERROR) +\[.*?(RateLogger|ZooKeeperServer|DataTree)@\d+\] - (?<m>.*)$")]
    private static partial Regex Line();

    [GeneratedRegex(@"Quota exceeded|Missing (node for stat|limit node|quota stat node)")]
    private static partial Regex Quota();
}
