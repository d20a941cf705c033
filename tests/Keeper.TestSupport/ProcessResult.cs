namespace Keeper.TestSupport;

/// <summary>What a finished (or killed) child process left behind.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StdOut, string StdErr, bool TimedOut, TimeSpan Elapsed)
{
    /// <summary>A readable summary for assertion messages.</summary>
    public override string ToString() =>
        $"$ {Command}\nexit={ExitCode}{(TimedOut ? " (killed after timeout)" : "")} in {Elapsed.TotalMilliseconds:F0} ms\n"
        + $"--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}
