using Keeper.Server.Config;
using Keeper.Server.Hosting;

namespace Keeper.Server.Tls;

/// <summary>The quorum's TLS at startup: its stores read before the data dir is touched, and their reload.</summary>
internal static class QuorumTlsSetup
{
    /// <summary>The channel the election and quorum ports use; a store that cannot be used stops startup.</summary>
    public static QuorumChannel Load(ServerConfig config)
    {
        if (!config.IsDistributed) return QuorumChannel.Plaintext;
        try
        {
            return QuorumChannel.Load(config.QuorumTls);
        }
        catch (TlsSetupException e)
        {
            throw new ServerStartException(ServerStartException.UnexpectedErrorExitCode,
                $"Cannot set up quorum TLS (ssl.quorum.keyStore.*, ssl.quorum.trustStore.*): {e.Message}", e);
        }
    }

    /// <summary>sslQuorumReloadCertFiles: X509Util.enableCertFileReloading for the quorum's stores.</summary>
    public static CertificateFileWatcher? WatchIfAsked(ServerConfig config, QuorumChannel channel) =>
        config.QuorumTls.ReloadCertFiles && channel.Tls is { } tls ? CertificateFileWatcher.Start(tls) : null;
}
