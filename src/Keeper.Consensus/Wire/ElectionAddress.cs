using System.Net;

namespace Keeper.Consensus.Wire;

/// <summary>
/// One "host:port" (or "[v6]:port") election address as it travels in the initial message. The host is kept as
/// text: resolving it is the host's business (Apache resolves it with InetSocketAddress).
/// </summary>
internal readonly record struct ElectionAddress(string Host, int Port)
{
    /// <summary>
    /// Whether the host is a literal wildcard (0.0.0.0, ::). Apache drops such addresses from the initial
    /// message because the peer cannot be dialled back on them. Apache also resolves names to decide this;
    /// we only look at literals, so a name that resolves to a wildcard is kept.
    /// </summary>
    public bool IsWildcard =>
        IPAddress.TryParse(Host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));

    /// <summary>Formats as NetUtils.formatInetAddr does: IPv6 literals in brackets.</summary>
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>
    /// Parses one address the way ConfigUtils.getHostAndPort splits it, but stricter about the port: Apache's
    /// senders always write a decimal 0..65535, so anything else is a broken peer, not a dialect.
    /// </summary>
    public static ElectionAddress Parse(string text)
    {
        string host;
        string port;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']');
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
                throw new WireFormatException($"badly formed address: {text}");
            host = text.Substring(1, close - 1);
            port = text[(close + 2)..];
        }
        else
        {
            int colon = text.IndexOf(':');
            // Exactly one colon: Apache's split(":") must yield two parts (an unbracketed v6 literal is bad).
            if (colon < 0 || text.IndexOf(':', colon + 1) >= 0)
                throw new WireFormatException($"badly formed address: {text}");
            host = text[..colon];
            port = text[(colon + 1)..];
        }

        if (host.Length == 0)
            throw new WireFormatException($"badly formed address (no host): {text}");
        if (port.Length == 0 || port.Length > 5)
            throw new WireFormatException($"bad port number in: {text}");
        int value = 0;
        foreach (char c in port)
        {
            if (c < '0' || c > '9') throw new WireFormatException($"bad port number in: {text}");
            value = value * 10 + (c - '0');
        }
        if (value > 65535) throw new WireFormatException($"bad port number in: {text}");
        return new ElectionAddress(host, value);
    }
}
