using System.Globalization;

namespace Keeper.Consensus.Quorum;

/// <summary>
/// One <c>server.N</c> line of a quorum configuration, in the form Apache ZooKeeper prints it into election
/// notifications: <c>host:quorumPort:electionPort:participant|observer[;clientHost:clientPort]</c>.
/// Multi-address entries (<c>h1:p1:p2|h2:p3:p4</c>) are not supported; nothing we run produces them.
/// </summary>
internal sealed record QuorumServer(
    long Id,
    string Host,
    int QuorumPort,
    int ElectionPort,
    bool IsObserver = false,
    string? ClientAddress = null)
{
    public string ToConfigValue()
    {
        // Apache brackets IPv6 literals so the colons of the address do not read as port separators.
        var host = Host.Contains(':') ? "[" + Host + "]" : Host;
        var text = $"{host}:{QuorumPort}:{ElectionPort}:{(IsObserver ? "observer" : "participant")}";
        return ClientAddress is null ? text : text + ";" + ClientAddress;
    }

    /// <summary>Reads the value of a <c>server.N=</c> line; throws <see cref="FormatException"/> on anything else.</summary>
    public static QuorumServer Parse(long id, string value)
    {
        string? client = null;
        var semicolon = value.IndexOf(';');
        if (semicolon >= 0)
        {
            client = value[(semicolon + 1)..].Trim();
            value = value[..semicolon];
        }
        if (value.Contains('|'))
            throw new FormatException($"server.{id}: multiple addresses are not supported: '{value}'");

        string host;
        string rest;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']');
            if (close < 0 || close + 1 >= value.Length || value[close + 1] != ':')
                throw new FormatException($"server.{id}: bad IPv6 address in '{value}'");
            host = value[1..close];
            rest = value[(close + 2)..];
        }
        else
        {
            var colon = value.IndexOf(':');
            if (colon < 0)
                throw new FormatException($"server.{id}: expected host:port:port in '{value}'");
            host = value[..colon];
            rest = value[(colon + 1)..];
        }

        var parts = rest.Split(':');
        if (parts.Length is < 2 or > 3)
            throw new FormatException($"server.{id}: expected host:port:port[:type] in '{value}'");
        var observer = parts.Length == 3 && parts[2].Trim().ToLowerInvariant() switch
        {
            "observer" => true,
            "participant" => false,
            var other => throw new FormatException($"server.{id}: unknown learner type '{other}'"),
        };
        return new QuorumServer(id, host, ParsePort(id, parts[0]), ParsePort(id, parts[1]), observer,
            string.IsNullOrEmpty(client) ? null : client);
    }

    private static int ParsePort(long id, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new FormatException($"server.{id}: bad port '{text}'");
}
