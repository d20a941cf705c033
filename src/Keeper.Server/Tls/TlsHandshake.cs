using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Keeper.Protocol.Records;
using Keeper.Server.Logging;

namespace Keeper.Server.Tls;

/// <summary>
/// Turns an accepted socket's stream into what the connection reads and writes: as is on a plaintext port, or after a
/// server-side TLS handshake (bounded in time) on a TLS port or when a unified port's first byte says TLS. Runs on the
/// connection's own task, never the accept loop. A failed handshake is one log line; the caller closes the connection.
/// </summary>
internal static class TlsHandshake
{
    private static readonly Logger Log = Logging.Log.For(typeof(TlsHandshake));

    /// <summary>The first byte of a TLS record carrying a handshake (ClientHello); no ZooKeeper frame starts with it.</summary>
    private const byte HandshakeRecordType = 0x16;

    /// <summary>The negotiated stream and the ids the client's certificate proves; null stream when the connection must close.</summary>
    public readonly record struct Result(Stream? Stream, IReadOnlyList<Id> AuthIds);

    public static async Task<Result> NegotiateAsync(Socket socket, NetworkStream plain, ClientPortSecurity security,
        ServerTls? tls, TlsCounters counters, string remote, CancellationToken closed)
    {
        if (security == ClientPortSecurity.Plaintext || tls is null) return new Result(plain, []);
        if (security == ClientPortSecurity.Unified && !await StartsWithTlsAsync(socket, closed).ConfigureAwait(false))
            return new Result(plain, []);

        var ssl = new SslStream(plain, leaveInnerStreamOpen: false);
        var verdict = new ServerTls.Verdict();
        counters.HandshakeStarted();
        bool succeeded = false;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(closed);
            timeout.CancelAfter(tls.Settings.HandshakeTimeout);
            await ssl.AuthenticateAsServerAsync(tls.Options(verdict), timeout.Token).ConfigureAwait(false);
            succeeded = true;
            return new Result(ssl, IdsOf(ssl.RemoteCertificate, tls.Settings, remote));
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or SocketException
                                      or ObjectDisposedException)
        {
            var reason = verdict.Rejection
                ?? (e is OperationCanceledException && !closed.IsCancellationRequested
                    ? $"no handshake within {tls.Settings.HandshakeTimeout.TotalSeconds:0.#} s"
                    : Describe(e));
            Log.Warn($"Unsuccessful TLS handshake from {remote}: {reason}");
            await ssl.DisposeAsync().ConfigureAwait(false);
            return new Result(null, []);
        }
        finally
        {
            counters.HandshakeEnded(succeeded);
        }
    }

    // Peeks (without consuming) the first byte: plaintext clients then read the stream from its start as usual.
    internal static async Task<bool> StartsWithTlsAsync(Socket socket, CancellationToken closed)
    {
        var first = new byte[1];
        int read = await socket.ReceiveAsync(first, SocketFlags.Peek, closed).ConfigureAwait(false);
        return read == 1 && first[0] == HandshakeRecordType;
    }

    // X509AuthenticationProvider.handleAuthentication: the certificate's subject DN is the x509 id; the super user's DN
    // also gets super.
    private static List<Id> IdsOf(X509Certificate? certificate, TlsSettings settings, string remote)
    {
        if (certificate is null) return [];
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var dn = JavaDistinguishedName.Of(leaf.SubjectName);
        var ids = new List<Id>();
        if (settings.SuperUser == dn)
        {
            ids.Add(new Id("super", dn));
            Log.Info($"Authenticated Id '{dn}' as super user");
        }

        ids.Add(new Id("x509", dn));
        Log.Info($"Authenticated Id '{dn}' for Scheme 'x509' from {remote}");
        return ids;
    }

    internal static string Describe(Exception e)
    {
        // SslStream's words for bytes that are no TLS record at all.
        if (e.Message.Contains("frame size", StringComparison.Ordinal) || e.Message.Contains("corrupted frame", StringComparison.Ordinal))
            return "not a TLS handshake (a plaintext client on a TLS port?)";
        var inner = e.InnerException is { } i && i.Message != e.Message ? $" ({i.Message})" : "";
        return e.Message + inner;
    }
}
