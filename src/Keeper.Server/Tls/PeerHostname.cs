using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Keeper.Server.Tls;

/// <summary>
/// ZooKeeper's quorum host name check (ZKTrustManager.performHostVerification): the peer's certificate must name the
/// peer's IP address, or else the host name — the one dialled, or for an accepted connection what the peer's address
/// resolves back to. Names are matched as ZKHostnameVerifier does: subject alternative names when the certificate has
/// them (DNS names with wildcards, IP addresses), else the common name.
/// </summary>
internal static class PeerHostname
{
    /// <summary>Null when the certificate names the peer, else why not.</summary>
    /// <param name="address">The peer's IP address as the socket has it.</param>
    /// <param name="dialledHost">The configured host we dialled (a name or an address); null for an accepted connection.</param>
    public static string? Mismatch(X509Certificate2 certificate, IPAddress address, string? dialledHost)
    {
        var ip = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (certificate.MatchesHostname(ip.ToString())) return null;
        // Java's getHostName: the name the address was made from, else a reverse lookup.
        string? name = dialledHost is not null && !IPAddress.TryParse(dialledHost, out _) ? dialledHost : ReverseLookup(ip);
        if (name is not null && certificate.MatchesHostname(name)) return null;
        return $"certificate {JavaDistinguishedName.Of(certificate.SubjectName)} names neither the peer's address {ip}"
            + (name is null ? "" : $" nor its host name {name}") + " (ssl.quorum.hostnameVerification)";
    }

    private static string? ReverseLookup(IPAddress address)
    {
        try
        {
            var name = Dns.GetHostEntry(address).HostName;
            return name.Length > 0 && name != address.ToString() ? name : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
