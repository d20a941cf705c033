namespace Keeper.Server.Hosting;

/// <summary>
/// The server could not start one of its endpoints; <see cref="ExitCode"/> is the code ZooKeeper's
/// <c>ServiceUtils.requestSystemExit</c> uses for the same failure, so supervisors see the same status.
/// </summary>
public sealed class ServerStartException(int exitCode, string message, Exception inner) : Exception(message, inner)
{
    /// <summary>ZooKeeper's <c>ExitCode.UNEXPECTED_ERROR</c> (a metrics provider that fails to start lands here).</summary>
    public const int UnexpectedErrorExitCode = 1;

    /// <summary>ZooKeeper's <c>ExitCode.ERROR_STARTING_ADMIN_SERVER</c>.</summary>
    public const int AdminServerExitCode = 4;

    public int ExitCode { get; } = exitCode;
}
