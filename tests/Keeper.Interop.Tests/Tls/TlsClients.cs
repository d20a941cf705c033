using System.Globalization;
using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Tls;

/// <summary>
/// Apache's own clients over TLS. zkCli.sh is told what Apache's docs tell operators, in <c>CLIENT_JVMFLAGS</c>:
/// <c>-Dzookeeper.client.secure=true</c>, the Netty socket and the stores. Debian's zkEnv.sh fixes the classpath to
/// zookeeper.jar, whose manifest lacks three jars Netty's TLS handler loads, so the flags start with a <c>-cp</c> of
/// their own (the JVM takes the last one). kazoo is given PEM files.
/// </summary>
internal static class TlsClients
{
    /// <summary>zkCli.sh one-shot over TLS; <paramref name="identity"/> null means no client certificate.</summary>
    public static Task<ProcessResult> ZkCliAsync(int port, TlsStores stores, string? identity, string format, params string[] command) =>
        ZkCliAsync(port, stores, identity, format, ConnectTimeoutMs, command);

    /// <summary>
    /// How long a client that should get in may take (a Java TLS handshake on a busy 2-core machine takes seconds).
    /// Clients expected to be refused get <see cref="RefusedTimeoutMs"/>, so a refusal costs little.
    /// </summary>
    public const int ConnectTimeoutMs = 30_000;

    public const int RefusedTimeoutMs = 5_000;

    public static Task<ProcessResult> ZkCliAsync(int port, TlsStores stores, string? identity, string format, int timeoutMs, params string[] command)
    {
        var flags = new List<string>
        {
            "-cp", string.Join(':', new[] { "/etc/zookeeper/conf", Tools.ZooKeeperJar }.Concat(Tools.NettyExtraJars)),
            "-Dzookeeper.client.secure=true",
            "-Dzookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty",
            $"-Dzookeeper.ssl.trustStore.location={stores.TrustStore(format)}",
        };
        if (identity is not null)
        {
            flags.Add($"-Dzookeeper.ssl.keyStore.location={stores.KeyStore(identity, format)}");
        }

        // The PEM key is not encrypted: no password, or Apache's reader would try to decrypt it.
        if (format != "pem")
        {
            flags.Add($"-Dzookeeper.ssl.trustStore.password={TlsStores.Password}");
            flags.Add($"-Dzookeeper.ssl.keyStore.password={TlsStores.Password}");
        }

        return ZkCliAsync(port, string.Join(' ', flags), timeoutMs, command);
    }

    /// <summary>zkCli.sh one-shot in plaintext.</summary>
    public static Task<ProcessResult> PlainZkCliAsync(int port, params string[] command) => ZkCliAsync(port, "", ConnectTimeoutMs, command);

    public static Task<ProcessResult> PlainZkCliAsync(int port, int timeoutMs, params string[] command) => ZkCliAsync(port, "", timeoutMs, command);

    private static Task<ProcessResult> ZkCliAsync(int port, string jvmFlags, int timeoutMs, string[] command)
    {
        Tools.Require(Tools.ZkCli, "zkCli.sh");
        // -waitforconnection: the command runs once connected (whoami before that prints no ids); -timeout (the session
        // timeout) bounds that wait for a client that cannot connect, after which the command reports ConnectionLoss.
        var args = new List<string>
        {
            "-server", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "-timeout", timeoutMs.ToString(CultureInfo.InvariantCulture), "-waitforconnection",
        };
        args.AddRange(command);
        return Tools.RunMergedAsync(Tools.ZkCli, args, timeout: TimeSpan.FromSeconds(90),
            environment: new Dictionary<string, string> { ["CLIENT_JVMFLAGS"] = jvmFlags });
    }

    /// <summary>python/kazoo_tls.py: connects with use_ssl, creates and reads a node, prints whoami-like lines.</summary>
    public static Task<ProcessResult> KazooAsync(int port, TlsStores stores, string identity, string path)
    {
        Tools.Require(Tools.Python, "the system python3 with python3-kazoo");
        var (certificate, key) = stores.PemParts(identity);
        return Tools.RunAsync(Tools.Python,
            [Kazoo.Script("kazoo_tls.py"), $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", stores.CaPem, certificate, key, path],
            timeout: TimeSpan.FromSeconds(60));
    }

    /// <summary>Output without SLF4J chatter and with the port replaced (for messages).</summary>
    public static string Clean(ProcessResult result, int port) => Normalise.Port(Normalise.DropSlf4j(result.StdOut), port);
}
