using System.Text;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.QuorumTls;

/// <summary>
/// Key stores for server-to-server TLS, made once per test class: the standard ones (CA, trust stores, the self-signed
/// <c>rogue</c>) plus <c>peer</c>, the certificate every ensemble member shows (CA-signed, naming 127.0.0.1..6 and
/// localhost, so ZooKeeper's quorum host name check passes whichever loopback address a peer dials from), and
/// <c>elsewhere</c>, CA-signed but naming an address no member has.
/// </summary>
public sealed class QuorumTlsFixture : IAsyncLifetime
{
    public const string PeerDn = "CN=peer,OU=Test,O=Keeper,C=US";
    public const string ElsewhereDn = "CN=elsewhere,OU=Test,O=Keeper,C=US";

    private const string PeerSan = "san=ip:127.0.0.1,ip:127.0.0.2,ip:127.0.0.3,ip:127.0.0.4,ip:127.0.0.5,ip:127.0.0.6,dns:localhost";

    private TlsStores? _stores;

    public TlsStores Stores => _stores ?? throw new InvalidOperationException("the fixture is not initialised");

    public async Task InitializeAsync()
    {
        _stores = await TlsStores.CreateAsync();
        await _stores.AddIdentityAsync("peer", PeerDn, PeerSan);
        await _stores.AddIdentityAsync("elsewhere", ElsewhereDn, "san=ip:10.9.9.9,dns:elsewhere.invalid");
    }

    public Task DisposeAsync()
    {
        _stores?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The quorum TLS lines of one member's zoo.cfg: its key store in <paramref name="format"/> and the CA trust store in
    /// the same format (a PEM key is not encrypted, so PEM stores get no password, as for the client port).
    /// </summary>
    public Dictionary<string, string> Settings(string identity, string format, bool sslQuorum = true, bool portUnification = false)
    {
        var settings = new Dictionary<string, string>
        {
            ["sslQuorum"] = sslQuorum ? "true" : "false",
            ["portUnification"] = portUnification ? "true" : "false",
            ["ssl.quorum.keyStore.location"] = Stores.KeyStore(identity, format),
            ["ssl.quorum.trustStore.location"] = Stores.TrustStore(format),
        };
        if (format != "pem")
        {
            settings["ssl.quorum.keyStore.password"] = TlsStores.Password;
            settings["ssl.quorum.trustStore.password"] = TlsStores.Password;
        }

        return settings;
    }

    /// <summary>A member's quorum settings with TLS off entirely (no stores at all).</summary>
    public static Dictionary<string, string> Plaintext => new() { ["sslQuorum"] = "false" };

    /// <summary>Rewrites a member's zoo.cfg: every line for these keys (and every quorum TLS line) replaced by them.</summary>
    public static void Configure(EnsembleMember member, IReadOnlyDictionary<string, string> settings)
    {
        var kept = File.ReadAllLines(member.ConfigPath)
            .Where(line => !IsQuorumTlsLine(line) && !settings.Keys.Any(k => line.StartsWith(k + "=", StringComparison.Ordinal)));
        var text = new StringBuilder();
        foreach (var line in kept) text.Append(line).Append('\n');
        foreach (var (key, value) in settings) text.Append(key).Append('=').Append(value).Append('\n');
        File.WriteAllText(member.ConfigPath, text.ToString());
    }

    private static bool IsQuorumTlsLine(string line) =>
        line.StartsWith("ssl.quorum.", StringComparison.Ordinal) || line.StartsWith("sslQuorum=", StringComparison.Ordinal)
        || line.StartsWith("portUnification=", StringComparison.Ordinal);
}
