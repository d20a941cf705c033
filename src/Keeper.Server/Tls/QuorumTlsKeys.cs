using Keeper.Server.Config;

namespace Keeper.Server.Tls;

/// <summary>
/// The quorum's TLS keys: QuorumPeerConfig's <c>sslQuorum</c>, <c>portUnification</c> and <c>sslQuorumReloadCertFiles</c>,
/// and QuorumX509Util's <c>ssl.quorum.*</c> (zoo.cfg's spelling of the <c>zookeeper.ssl.quorum.*</c> properties).
/// </summary>
internal static class QuorumTlsKeys
{
    private const string Prefix = "ssl.quorum.";

    // Read by Apache with no effect here: mode detection is one peeked byte, and the quorum has no x509 ACL ids.
    private static readonly HashSet<string> AcceptedAndIgnored = new(StringComparer.Ordinal)
    {
        "handshakeDetectionTimeoutMillis", "authProvider",
    };

    /// <summary>Applies the key if it is a quorum TLS key; false lets the caller try others.</summary>
    public static bool TryApply(ParseState state, ConfigValue v, string name)
    {
        var c = state.Config;
        var quorum = c.QuorumTls;
        switch (name)
        {
            case "sslQuorum":
                quorum = quorum with { SslQuorum = v.Bool() };
                break;
            case "portUnification":
                quorum = quorum with { PortUnification = v.Bool() };
                break;
            case "sslQuorumReloadCertFiles":
                quorum = quorum with { ReloadCertFiles = v.Bool() };
                break;
            default:
                if (!name.StartsWith(Prefix, StringComparison.Ordinal)) return false;
                var key = name[Prefix.Length..];
                if (AcceptedAndIgnored.Contains(key)) return true;
                if (TlsStoreKeys.Apply(quorum.Tls, v, key, Prefix) is not { } tls) return false;
                quorum = quorum with { Tls = tls };
                break;
        }

        state.Config = c with { QuorumTls = quorum };
        return true;
    }

    /// <summary>
    /// sslQuorum in an ensemble needs our certificate. Apache starts without one and fails every quorum handshake;
    /// we say so at startup instead. portUnification alone may go without: its plaintext half still works.
    /// </summary>
    public static void Validate(ParseState state, ServerConfig c)
    {
        TlsStoreKeys.ValidateStores(state, c.QuorumTls.Tls, Prefix);
        if (c.QuorumTls.SslQuorum && c.Servers.Count > 0 && c.QuorumTls.Tls.KeyStore is null)
            throw state.Fail(null, "sslQuorum=true needs ssl.quorum.keyStore.location (the certificate this server shows its peers)");
    }
}
