using System.Text;
using System.Text.RegularExpressions;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Infrastructure;

/// <summary>
/// Drives the C client's shell (cli_mt) through stdin one command at a time: each command is
/// written only after the previous one's completion line ("... rc = N") or error line has
/// appeared and the output has been quiet briefly, so watch events land after the command that
/// caused them and the transcript is deterministic. cli_mt writes everything but "myid" to
/// stderr; stdout is block-buffered and appended at the end.
/// </summary>
internal static partial class CliMt
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);

    public static async Task<ScenarioRun> RunAsync(ITestServer server, IReadOnlyList<string> commands)
    {
        Tools.Require(Tools.CliMt, "cli_mt (the ZooKeeper C client shell)");
        await using var cli = ChildProcess.Start(Tools.CliMt, ["-h", server.ConnectString]);
        var transcript = new StringBuilder();
        var completed = await cli.WaitForOutputAsync(o => o.Contains("Got a new session id:", StringComparison.Ordinal), CommandTimeout);
        await cli.WaitForQuietAsync(Quiet, CommandTimeout);
        transcript.Append(cli.StdErr);
        var seen = cli.StdErr.Length;
        foreach (var command in commands)
        {
            if (!completed || cli.HasExited)
            {
                break;
            }

            await cli.WriteLineAsync(command);
            if (ExpectsCompletion(command))
            {
                completed = await cli.WaitForOutputAsync(_ => Completion().IsMatch(cli.StdErr[seen..]), CommandTimeout);
            }

            await cli.WaitForQuietAsync(Quiet, CommandTimeout);
            var now = cli.StdErr;
            transcript.Append("> ").Append(command).Append('\n').Append(now[seen..]);
            seen = now.Length;
        }

        if (!completed)
        {
            transcript.Append("(no completion within ").Append(CommandTimeout.TotalSeconds).Append(" s)\n");
        }

        cli.CloseInput();
        var exited = await cli.WaitForExitAsync(CommandTimeout);
        transcript.Append(cli.StdErr[seen..]);
        transcript.Append("--- stdout ---\n").Append(cli.StdOut);
        transcript.Append("--- exit ").Append(exited ? cli.ExitCode : "timeout").Append(" ---\n");
        var diagnostics = $"$ {cli.Command}\n--- raw stderr ---\n{cli.StdErr}\n--- raw stdout ---\n{cli.StdOut}{JavaScenario.Describe(server)}";
        return new ScenarioRun(Normalise(transcript.ToString(), server.Port), diagnostics, completed && exited);
    }

    /// <summary>Commands that end with a completion line; exists/wexists/addauth/myid/quit print none on success.</summary>
    private static bool ExpectsCompletion(string command)
    {
        var verb = command.Split(' ')[0];
        return verb is "create" or "create2" or "get" or "set" or "ls" or "ls2" or "delete" or "sync" or "config";
    }

    public static string Normalise(string text, int port)
    {
        text = Infrastructure.Normalise.Port(text, port);
        text = Infrastructure.Normalise.Dates(text);
        text = TimeLine().Replace(text, "time = N msec");
        text = Infrastructure.Normalise.ByFirstAppearance(text, Zxid(), "Z", keep: "0");
        text = Infrastructure.Normalise.ByFirstAppearance(text, Session(), "S", Infrastructure.Normalise.SessionKey, "0");
        return SortChildLists(text);
    }

    /// <summary>ls/ls2 list children in the server's hash-set order; sort each list.</summary>
    private static string SortChildLists(string text)
    {
        var lines = text.Split('\n').ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!ChildrenHeader().IsMatch(lines[i]))
            {
                continue;
            }

            var end = i + 1;
            while (end < lines.Count && lines[end].StartsWith('\t') && !lines[end].Contains('='))
            {
                end++;
            }

            var names = lines.GetRange(i + 1, end - i - 1).Order(StringComparer.Ordinal).ToList();
            lines.RemoveRange(i + 1, names.Count);
            lines.InsertRange(i + 1, names);
        }

        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"(^|\n)(\[[^\]]*\]|/\S*): rc = -?\d+|(^|\n)Error -?\d+ for ")]
    private static partial Regex Completion();

    [GeneratedRegex(@"time = -?\d+ msec")]
    private static partial Regex TimeLine();

    [GeneratedRegex(@"(?<=\t[cm]zxid=)(?<v>[0-9a-f]+)$", RegexOptions.Multiline)]
    private static partial Regex Zxid();

    [GeneratedRegex(@"(?<=(ephemeralOwner = |session id: 0x|session Id = ))(?<v>[0-9a-f]+)$", RegexOptions.Multiline)]
    private static partial Regex Session();

    [GeneratedRegex(@"^/\S*: rc = 0$")]
    private static partial Regex ChildrenHeader();
}
