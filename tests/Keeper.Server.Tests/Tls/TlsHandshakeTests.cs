using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Keeper.Server.Tls;
using Keeper.TestSupport;

namespace Keeper.Server.Tests.Tls;

/// <summary>The server side of one handshake, on a loopback socket pair: bounded in time, and the x509 id it yields.</summary>
public sealed class TlsHandshakeTests(TlsStoresFixture fixture) : IClassFixture<TlsStoresFixture>
{
    private TlsSettings Settings(TimeSpan timeout) => new()
    {
        KeyStore = new StoreFile(fixture.Stores.KeyStore("server", "p12"), TlsStores.Password, null),
        TrustStore = new StoreFile(fixture.Stores.TrustStore("p12"), TlsStores.Password, null),
        HandshakeTimeout = timeout,
    };

    [Fact]
    public async Task A_client_that_never_starts_the_handshake_is_dropped_after_the_timeout()
    {
        var tls = ServerTls.Load(Settings(TimeSpan.FromMilliseconds(300)));
        var counters = new TlsCounters();
        var (server, client) = await ConnectedPairAsync();
        using (client)
        {
            var result = await TlsHandshake.NegotiateAsync(server, new NetworkStream(server, ownsSocket: true), ClientPortSecurity.Tls,
                tls, counters, "/test", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Null(result.Stream);
            Assert.Equal((0, 1, 1), (counters.OutstandingHandshakes, counters.AuthFailed, counters.UnsuccessfulHandshakes));
        }
    }

    [Fact]
    public async Task A_client_certificate_gives_the_x509_id_and_the_super_user_dn_also_super()
    {
        var tls = ServerTls.Load(Settings(TimeSpan.FromSeconds(10)) with { SuperUser = TlsStores.ClientDn });
        var (server, client) = await ConnectedPairAsync();
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(fixture.Stores.KeyStore("client", "p12"), TlsStores.Password);
        await using var clientSsl = new SslStream(new NetworkStream(client, ownsSocket: true), false, (_, _, _, _) => true);

        var serverSide = TlsHandshake.NegotiateAsync(server, new NetworkStream(server, ownsSocket: true), ClientPortSecurity.Tls,
            tls, new TlsCounters(), "/test", CancellationToken.None);
        await clientSsl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = [certificate],
        }).WaitAsync(TimeSpan.FromSeconds(30));
        var result = await serverSide.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.IsType<SslStream>(result.Stream);
        Assert.Equal([new("super", TlsStores.ClientDn), new("x509", TlsStores.ClientDn)], result.AuthIds);
        await result.Stream!.DisposeAsync();
    }

    [Fact]
    public async Task A_unified_port_passes_plaintext_through_unread()
    {
        var tls = ServerTls.Load(Settings(TimeSpan.FromSeconds(10)));
        var (server, client) = await ConnectedPairAsync();
        using (client)
        {
            var plain = new NetworkStream(server, ownsSocket: true);
            await client.SendAsync("ruok"u8.ToArray());

            var result = await TlsHandshake.NegotiateAsync(server, plain, ClientPortSecurity.Unified, tls, new TlsCounters(), "/test",
                CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            var first = new byte[4];
            await result.Stream!.ReadExactlyAsync(first).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Same(plain, result.Stream);
            Assert.Equal("ruok"u8.ToArray(), first);
            Assert.Empty(result.AuthIds);
        }
    }

    private static async Task<(Socket Server, Socket Client)> ConnectedPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!).WaitAsync(TimeSpan.FromSeconds(10));
        return (await accept.WaitAsync(TimeSpan.FromSeconds(10)), client);
    }
}
