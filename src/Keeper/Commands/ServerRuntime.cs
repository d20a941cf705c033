namespace Keeper.Commands;

/// <summary>Process-wide runtime settings of a server process, made before its first socket.</summary>
internal static class ServerRuntime
{
    private const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Runs socket completions on the socket engine's own thread instead of handing each to the thread pool.
    /// Everything the server runs after a socket await is short and never blocks (a client connection's read loop
    /// cuts frames and posts them to the sequencer; a pending reply write drains its queue; the admin server yields
    /// to the pool before it handles a request), so the hand-off bought nothing and cost a pool worker's wake-up
    /// and its spin before parking again: on a synchronous write that was most of the server's CPU per request
    /// (bench/RESULTS.md, hot-path finding 1). .NET reads this only from the environment, once, when the socket
    /// engine starts; a value the user set wins.
    /// </summary>
    public static void Configure()
    {
        if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
            Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
    }
}
