using System.Text;
using System.Text.RegularExpressions;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Infrastructure;

/// <summary>
/// Runs Debian's zkCli.sh (Apache ZooKeeper 3.8's ZooKeeperMain) against a server, one-shot
/// or interactive (commands on stdin), with stdout and stderr merged, and normalises what it
/// prints: SLF4J chatter dropped, port, dates, zxids (by first appearance) and session ids
/// replaced by placeholders.
/// </summary>
internal static partial class ZkCli
{
    /// <summary>One-shot: <c>zkCli.sh -server 127.0.0.1:P [-waitforconnection] cmd args</c>.</summary>
    public static Task<ProcessResult> OneShotAsync(ITestServer server, IEnumerable<string> command, bool waitForConnection = true,
        IDictionary<string, string>? environment = null)
    {
        Tools.Require(Tools.ZkCli, "zkCli.sh");
        var args = new List<string> { "-server", server.ConnectString };
        if (waitForConnection)
        {
            // Without it the connect event races with the command's own output.
            args.Add("-waitforconnection");
        }

        args.AddRange(command);
        return Tools.RunMergedAsync(Tools.ZkCli, args, timeout: TimeSpan.FromSeconds(60), environment: environment);
    }

    /// <summary>Interactive: the lines are fed on stdin (jline is absent, so no prompt is printed).</summary>
    public static Task<ProcessResult> InteractiveAsync(ITestServer server, IEnumerable<string> lines)
    {
        Tools.Require(Tools.ZkCli, "zkCli.sh");
        var stdin = string.Join('\n', lines) + "\n";
        return Tools.RunMergedAsync(Tools.ZkCli, ["-server", server.ConnectString, "-waitforconnection"], stdin, TimeSpan.FromSeconds(60));
    }

    /// <summary>Output with the SLF4J lines dropped and the port replaced, nothing else changed.</summary>
    public static string Clean(string output, int port) => Normalise.Port(Normalise.DropSlf4j(output), port);

    /// <summary>
    /// A transcript of several runs, normalised as a whole so that the same zxid or session
    /// gets the same placeholder everywhere.
    /// </summary>
    public static string NormaliseTranscript(string text)
    {
        text = Normalise.Dates(text);
        text = Normalise.ByFirstAppearance(text, Zxid(), "0xZ", keep: "0x0");
        text = Normalise.ByFirstAppearance(text, Owner(), "0xS", Normalise.SessionKey, "0x0");
        return SortWhoAmI(text);
    }

    /// <summary>whoami lists the connection's auth ids in the server's hash-set order; sort them.</summary>
    private static string SortWhoAmI(string text)
    {
        var lines = text.Split('\n').ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] != "Auth scheme: User")
            {
                continue;
            }

            var end = i + 1;
            while (end < lines.Count && AuthIdLine().IsMatch(lines[end]))
            {
                end++;
            }

            var ids = lines.GetRange(i + 1, end - i - 1).Order(StringComparer.Ordinal).ToList();
            lines.RemoveRange(i + 1, ids.Count);
            lines.InsertRange(i + 1, ids);
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// Appends one step: the command, its exit code, and its cleaned output. <paramref name="eventsFirst"/>, for a
    /// one-shot command with a SASL login: the event thread's lines (WATCHER::, WatchedEvent, the blank lines) go
    /// right after "Connecting to", each kept in its order. SaslAuthenticated comes after SyncConnected, so even with
    /// -waitforconnection the event thread prints it while the main thread runs the command: which comes first is
    /// timing (seen both ways under load).
    /// </summary>
    public static void Append(StringBuilder transcript, string title, ProcessResult result, int port, bool sortOutput = false, bool eventsFirst = false)
    {
        transcript.Append("$ ").Append(title).Append('\n');
        transcript.Append("exit=").Append(result.TimedOut ? "timeout" : result.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        var lines = Clean(result.StdOut, port).TrimEnd('\n').Split('\n').ToList();
        if (sortOutput)
        {
            var header = lines.TakeWhile(IsConnectionLine).ToList();
            var body = lines.Skip(header.Count).Order(StringComparer.Ordinal).ToList();
            lines = [.. header, .. body];
        }
        if (eventsFirst) lines = EventsFirst(lines);

        foreach (var line in lines)
        {
            transcript.Append(line).Append('\n');
        }
    }

    /// <summary>
    /// <see cref="Append"/> for a command whose SASL login the server refuses at the first token: zkCli then runs the
    /// command either before the AuthFailed reply arrives (it fails with AuthFailed, exit 1) or after it ("Not
    /// connected", exit 0), a race inside the client that either server can lose. Those two endings are written as one
    /// (<see cref="WithOneRefusedLoginEnding"/>); any other stays as it came.
    /// </summary>
    public static void AppendRefusedLogin(StringBuilder transcript, string title, ProcessResult result, int port, string path)
    {
        var step = new StringBuilder();
        Append(step, title, result, port, eventsFirst: true);
        transcript.Append(WithOneRefusedLoginEnding(step.ToString(), path));
    }

    internal static string WithOneRefusedLoginEnding(string step, string path)
    {
        const string Refused = "WatchedEvent state:AuthFailed type:None path:null\n";
        foreach (var (exit, ending) in new[] { ("exit=1\n", $"KeeperErrorCode = AuthFailed for {path}\n"), ("exit=0\n", "Not connected\n") })
        {
            int exitAt = step.IndexOf("\n" + exit, StringComparison.Ordinal);
            if (exitAt >= 0 && step.EndsWith(Refused + ending, StringComparison.Ordinal))
                return step[..(exitAt + 1)] + "exit=1 (AuthFailed) or 0 (Not connected)\n"
                    + step[(exitAt + 1 + exit.Length)..^ending.Length] + "AuthFailed or Not connected\n";
        }
        return step;
    }

    /// <summary>One step of a transcript <see cref="Append"/> wrote, found by the end of its title ("] title").</summary>
    public static string Section(string transcript, string title) => StepAt(transcript, "] " + title + "\n", title);

    /// <summary>One step of a transcript <see cref="Append"/> wrote, from its "$ title" line to the next step.</summary>
    public static string Step(string transcript, string title) => StepAt(transcript, "$ " + title + "\n", title);

    private static string StepAt(string transcript, string marker, string title)
    {
        int start = transcript.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no step '{title}' in:\n{transcript}");
        int end = transcript.IndexOf("\n$ ", start, StringComparison.Ordinal);
        return end < 0 ? transcript[start..] : transcript[start..(end + 1)];
    }

    internal static List<string> EventsFirst(List<string> lines)
    {
        var connecting = lines.TakeWhile(l => l.StartsWith("Connecting to ", StringComparison.Ordinal)).ToList();
        var rest = lines.Skip(connecting.Count).ToList();
        return [.. connecting, .. rest.Where(IsEventThreadLine), .. rest.Where(l => !IsEventThreadLine(l))];
    }

    /// <summary>A line zkCli's event thread prints: a blank line, "WATCHER::" or a WatchedEvent.</summary>
    public static bool IsEventThreadLine(string line) =>
        line.Length == 0 || line == "WATCHER::" || line.StartsWith("WatchedEvent ", StringComparison.Ordinal);

    /// <summary>
    /// A line zkCli prints about connecting: "Connecting to" (main thread, first) and the blank, "WATCHER::" and
    /// SyncConnected lines its event thread prints when the session is up. Without -waitforconnection the command runs
    /// at once, so the event thread's lines can come before, within or after the command's own output.
    /// </summary>
    public static bool IsConnectionLine(string line) =>
        line.Length == 0 || line.StartsWith("Connecting to ", StringComparison.Ordinal) || line == "WATCHER::"
        || line.StartsWith("WatchedEvent state:SyncConnected type:None", StringComparison.Ordinal);

    [GeneratedRegex(@"^(ip|digest|sasl|x509|super|world|auth|key): ")]
    private static partial Regex AuthIdLine();

    [GeneratedRegex(@"(?<=^[cmp]Zxid = )(?<v>0x[0-9a-f]+)$", RegexOptions.Multiline)]
    private static partial Regex Zxid();

    [GeneratedRegex(@"(?<=^ephemeralOwner = )(?<v>0x[0-9a-f]+)$", RegexOptions.Multiline)]
    private static partial Regex Owner();
}
