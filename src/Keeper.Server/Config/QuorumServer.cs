namespace Keeper.Server.Config;

/// <summary>
/// One <c>server.N=host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]</c> line.
/// </summary>
/// <param name="ClientHost">The client host from the line; "0.0.0.0" when the line gave only a port; null when it gave none.</param>
/// <param name="ClientPort">The client port from the line, or null when the line has no <c>;clientPort</c> part.</param>
public sealed record QuorumServer(
    long Id,
    string Host,
    int QuorumPort,
    int ElectionPort,
    LearnerType Type,
    string? ClientHost,
    int? ClientPort)
{
    /// <summary>
    /// The value part as ZooKeeper's <c>QuorumServer.toString()</c> writes it into the membership string
    /// (<c>conf</c> output and <c>/zookeeper/config</c>): the role is always spelled out, and the client address
    /// appears only when the line itself gave one.
    /// </summary>
    public string ToConfigValue()
    {
        var role = Type == LearnerType.Observer ? "observer" : "participant";
        var text = $"{Delimit(Host)}:{QuorumPort}:{ElectionPort}:{role}";
        return ClientPort is { } port ? $"{text};{Delimit(ClientHost ?? "0.0.0.0")}:{port}" : text;
    }

    /// <summary>The whole line, <c>server.N=value</c>.</summary>
    public string ToConfigLine() => $"server.{Id}={ToConfigValue()}";

    // Java's delimitedHostString: IPv6 literals go back into brackets.
    private static string Delimit(string host) => host.Contains(':') ? $"[{host}]" : host;
}
