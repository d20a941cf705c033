using System.Collections.Concurrent;
using System.Globalization;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Tls;

/// <summary>A server of either kind with TLS on, and the secure port it listens on.</summary>
public sealed record TlsServer(ITestServer Server, int SecurePort);

/// <summary>
/// The key stores (made once per test class) and one TLS server per (kind, store format), started on first use with
/// the same zoo.cfg for both kinds: a plaintext clientPort, a secureClientPort, Netty as the connection factory (which
/// Apache needs for TLS; we accept the name) and the server's key store and the CA trust store in that format.
/// </summary>
public sealed class TlsFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<(string Kind, string Format), Lazy<Task<TlsServer>>> _servers = new();
    private TlsStores? _stores;

    public TlsStores Stores => _stores ?? throw new InvalidOperationException("the fixture is not initialised");

    /// <summary>A PEM key store's key is not encrypted, so it gets no password (Apache would try to decrypt it).</summary>
    public static Dictionary<string, string> SecureConfig(TlsStores stores, string format, int securePort, string identity = "server")
    {
        var config = new Dictionary<string, string>
        {
            ["secureClientPort"] = securePort.ToString(CultureInfo.InvariantCulture),
            ["secureClientPortAddress"] = "127.0.0.1",
            ["serverCnxnFactory"] = "org.apache.zookeeper.server.NettyServerCnxnFactory",
            ["ssl.keyStore.location"] = stores.KeyStore(identity, format),
            ["ssl.trustStore.location"] = stores.TrustStore(format),
        };
        if (format != "pem")
        {
            config["ssl.keyStore.password"] = TlsStores.Password;
            config["ssl.trustStore.password"] = TlsStores.Password;
        }

        return config;
    }

    public Task<TlsServer> ServerAsync(string kind, string format) =>
        _servers.GetOrAdd((kind, format), key => new Lazy<Task<TlsServer>>(async () =>
        {
            int securePort = FreePort.Next();
            var server = await ServerKinds.StartAsync(key.Kind, SecureConfig(Stores, key.Format, securePort));
            return new TlsServer(server, securePort);
        })).Value;

    public async Task InitializeAsync() => _stores = await TlsStores.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var lazy in _servers.Values)
        {
            if (lazy.IsValueCreated)
            {
                try
                {
                    await (await lazy.Value).Server.DisposeAsync();
                }
                catch (ServerStartException)
                {
                    // It never started; its failure was reported by the test that asked for it.
                }
            }
        }

        _stores?.Dispose();
    }
}
