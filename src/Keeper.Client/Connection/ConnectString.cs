using System.Globalization;

namespace Keeper.Client.Connection;

/// <summary>A host of the ensemble as written in the connect string.</summary>
internal readonly record struct HostAddress(string Host, int Port)
{
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}

/// <summary>
/// Parses "h1:p1,h2:p2/chroot" as Java's ConnectStringParser does: the chroot starts at the first '/',
/// a host without a port gets 2181, IPv6 literals are written in brackets.
/// </summary>
internal sealed class ConnectString
{
    public const int DefaultPort = 2181;

    public IReadOnlyList<HostAddress> Hosts { get; }

    /// <summary>The chroot without a trailing slash, or null when there is none (or it is "/").</summary>
    public string? Chroot { get; }

    private ConnectString(IReadOnlyList<HostAddress> hosts, string? chroot)
    {
        Hosts = hosts;
        Chroot = chroot;
    }

    public static ConnectString Parse(string connectString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectString);
        string hostPart = connectString;
        string? chroot = null;
        int slash = connectString.IndexOf('/');
        if (slash >= 0)
        {
            hostPart = connectString[..slash];
            chroot = connectString[slash..];
            if (chroot.Length == 1) chroot = null;
            else if (chroot.EndsWith('/'))
                throw new ArgumentException($"chroot '{chroot}' must not end with '/'", nameof(connectString));
        }

        var hosts = new List<HostAddress>();
        foreach (var raw in hostPart.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            hosts.Add(ParseHost(raw));
        if (hosts.Count == 0)
            throw new ArgumentException($"no host in connect string '{connectString}'", nameof(connectString));
        return new ConnectString(hosts, chroot);
    }

    private static HostAddress ParseHost(string text)
    {
        string host = text;
        int port = DefaultPort;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']');
            if (close < 0) throw new ArgumentException($"unclosed '[' in host '{text}'");
            host = text[1..close];
            string rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') throw new ArgumentException($"bad host '{text}'");
                port = ParsePort(rest[1..], text);
            }
        }
        else
        {
            int colon = text.LastIndexOf(':');
            if (colon >= 0)
            {
                host = text[..colon];
                port = ParsePort(text[(colon + 1)..], text);
            }
        }
        if (host.Length == 0) throw new ArgumentException($"empty host name in '{text}'");
        return new HostAddress(host, port);
    }

    private static int ParsePort(string text, string whole) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535
            ? port
            : throw new ArgumentException($"bad port in host '{whole}'");
}
