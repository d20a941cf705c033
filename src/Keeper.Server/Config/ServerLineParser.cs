using System.Globalization;

namespace Keeper.Server.Config;

/// <summary>
/// Reads <c>server.N=host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]</c>
/// the way ZooKeeper's <c>QuorumServer</c> does, IPv6 literals in brackets included. ZooKeeper's multi-address
/// form (<c>a:1:2|b:1:2</c>) is refused: it is off by default there too.
/// </summary>
internal static class ServerLineParser
{
    public const string Form = "host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]";

    public static bool IsServerKey(string key) => key.StartsWith("server.", StringComparison.Ordinal);

    public static QuorumServer Parse(ConfigValue value)
    {
        var id = ParseId(value);
        var serverAndClient = value.Text.Split(';');
        if (serverAndClient.Length > 2)
        {
            throw WrongForm(value);
        }

        if (serverAndClient[0].Contains('|'))
        {
            throw value.Fail("multiple addresses per server are not supported");
        }

        var parts = SplitHostAndPorts(serverAndClient[0], value);
        if (parts.Length is < 3 or > 4 || parts[0].Length == 0)
        {
            throw WrongForm(value);
        }

        var quorumPort = ParsePort(parts[1], "quorum port", value);
        var electionPort = ParsePort(parts[2], "election port", value);
        if (quorumPort == electionPort)
        {
            throw value.Fail($"quorum port and election port must be different (both are {quorumPort})");
        }

        var type = parts.Length == 4 ? ParseType(parts[3], value) : LearnerType.Participant;
        var (clientHost, clientPort) = serverAndClient.Length == 2 ? ParseClient(serverAndClient[1], value) : (null, null);
        return new QuorumServer(id, parts[0], quorumPort, electionPort, type, clientHost, clientPort);
    }

    private static long ParseId(ConfigValue value)
    {
        var idText = value.Key["server.".Length..];
        return long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw value.Fail($"'{idText}' is not a server id (expected server.<number>)");
    }

    private static LearnerType ParseType(string text, ConfigValue value) =>
        text.Trim().ToLowerInvariant() switch
        {
            "participant" => LearnerType.Participant,
            "observer" => LearnerType.Observer,
            _ => throw value.Fail($"unknown peer type '{text}' (use participant or observer)"),
        };

    private static (string? Host, int? Port) ParseClient(string text, ConfigValue value)
    {
        var parts = SplitHostAndPorts(text.Trim(), value);
        return parts.Length switch
        {
            1 => ("0.0.0.0", ParsePort(parts[0], "client port", value)),
            2 when parts[0].Length > 0 => (parts[0], ParsePort(parts[1], "client port", value)),
            _ => throw WrongForm(value),
        };
    }

    // ConfigUtils.getHostAndPort: a leading "[...]" is one IPv6 host; everything else splits on ':'.
    private static string[] SplitHostAndPorts(string text, ConfigValue value)
    {
        if (!text.StartsWith('['))
        {
            return text.Split(':');
        }

        var close = text.IndexOf(']', StringComparison.Ordinal);
        if (close < 0)
        {
            throw value.Fail($"'{text}' has '[' without ']'");
        }

        var host = text[1..close];
        var rest = text[(close + 1)..];
        if (rest.Length == 0)
        {
            return [host];
        }

        if (!rest.StartsWith(':'))
        {
            throw WrongForm(value);
        }

        return [host, .. rest[1..].Split(':')];
    }

    private static int ParsePort(string text, string what, ConfigValue value)
    {
        var trimmed = text.Trim();
        return int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port)
               && port is >= 1 and <= 65535
            ? port
            : throw value.Fail($"{what} '{trimmed}' is not a valid port (1-65535)");
    }

    private static ConfigException WrongForm(ConfigValue value) =>
        value.Fail($"'{value.Text}' does not have the form {Form}");
}
