using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Keeper.Server.Tls;

namespace Keeper.Server.Tests.Tls;

/// <summary>The quorum's host name check, as ZKTrustManager makes it: the peer's address, else its host name.</summary>
public class PeerHostnameTests
{
    private static X509Certificate2 Certificate(string cn, Action<SubjectAlternativeNameBuilder>? san)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (san is not null)
        {
            var builder = new SubjectAlternativeNameBuilder();
            san(builder);
            request.CertificateExtensions.Add(builder.Build());
        }

        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void An_ip_address_in_the_alternative_names_matches_the_peers_address_even_when_ipv4_mapped()
    {
        using var cert = Certificate("peer", b => b.AddIpAddress(IPAddress.Parse("127.0.0.3")));

        Assert.Null(PeerHostname.Mismatch(cert, IPAddress.Parse("127.0.0.3"), dialledHost: null));
        Assert.Null(PeerHostname.Mismatch(cert, IPAddress.Parse("127.0.0.3").MapToIPv6(), dialledHost: "127.0.0.3"));
    }

    [Fact]
    public void The_dialled_host_name_matches_a_dns_alternative_name_when_the_address_does_not()
    {
        using var cert = Certificate("peer", b => b.AddDnsName("*.zk-hs.default.svc.cluster.local"));

        Assert.Null(PeerHostname.Mismatch(cert, IPAddress.Parse("10.1.2.3"), "zk-1.zk-hs.default.svc.cluster.local"));
        var mismatch = PeerHostname.Mismatch(cert, IPAddress.Parse("10.1.2.3"), "zk-1.other.example");
        Assert.Contains("names neither the peer's address 10.1.2.3 nor its host name zk-1.other.example", mismatch, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_alternative_names_the_common_name_is_compared()
    {
        using var cert = Certificate("zk-0.example", san: null);

        Assert.Null(PeerHostname.Mismatch(cert, IPAddress.Parse("10.1.2.3"), "zk-0.example"));
        Assert.NotNull(PeerHostname.Mismatch(cert, IPAddress.Parse("10.1.2.3"), "zk-1.example"));
    }
}
