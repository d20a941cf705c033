using System.Net;
using Keeper.Server.Config;
using Keeper.Server.Hosting;
using Keeper.Server.Network;

namespace Keeper.Server.Tls;

/// <summary>
/// Which client ports a config asks for, as ZooKeeper's ServerCnxnFactory set-up does: the plaintext port (unified with
/// TLS under <c>client.portUnification</c>) unless only <c>secureClientPort</c> is given, and the TLS port when it is.
/// </summary>
internal static class ClientPorts
{
    public static IReadOnlyList<ClientPort> For(ServerConfig config)
    {
        var ports = new List<ClientPort>();
        if (config.ClientPort is not null || config.SecureClientPort is null)
        {
            var address = config.ClientPortAddress is { } text ? IPAddress.Parse(text) : IPAddress.IPv6Any;
            var security = config.Tls.PortUnification ? ClientPortSecurity.Unified : ClientPortSecurity.Plaintext;
            ports.Add(new ClientPort(new IPEndPoint(address, config.ClientPort ?? 2181), security));
        }

        if (config.SecureClientPort is { } secure)
        {
            var address = config.SecureClientPortAddress is { } text ? Address(text) : IPAddress.IPv6Any;
            ports.Add(new ClientPort(new IPEndPoint(address, secure), ClientPortSecurity.Tls));
        }

        return ports;
    }

    /// <summary>Reads the key and trust stores when some port speaks TLS; a bad store stops startup.</summary>
    public static ServerTls? LoadTls(ServerConfig config)
    {
        if (config.SecureClientPort is null && !config.Tls.PortUnification) return null;
        try
        {
            return ServerTls.Load(config.Tls);
        }
        catch (TlsSetupException e)
        {
            throw new ServerStartException(ServerStartException.UnexpectedErrorExitCode, $"Cannot set up TLS on the client port: {e.Message}", e);
        }
    }

    /// <summary>
    /// Where a server line's client part (<c>;[host:]port</c>) says to listen, or null when the line has none; no host,
    /// or 0.0.0.0, is every address, as for <c>clientPort</c> alone.
    /// </summary>
    public static IPEndPoint? FromServerLine(Config.QuorumServer server) =>
        server.ClientPort is not { } port ? null
        : new IPEndPoint(server.ClientHost is null or "0.0.0.0" ? IPAddress.IPv6Any : Address(server.ClientHost), port);

    // secureClientPortAddress may be a host name (InetAddress.getByName).
    private static IPAddress Address(string text) =>
        IPAddress.TryParse(text, out var ip) ? ip : Dns.GetHostAddresses(text).First();
}
