using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Keeper.Server.Logging;

namespace Keeper.Server.Tls;

/// <summary>
/// What a server-to-server connection (election port or quorum port) runs over, as QuorumCnxManager, Learner and
/// Leader set their sockets up: with <c>sslQuorum</c> the dialling side is the TLS client (showing the quorum key
/// store's certificate) and the accepting side requires TLS; with <c>portUnification</c> the accepting side takes TLS or
/// plaintext, told apart by the first byte (UnifiedServerSocket). Each handshake is bounded in time; a failed one is one
/// log line, and the connection is closed.
/// </summary>
internal sealed class QuorumChannel
{
    private static readonly Logger Log = Logging.Log.For<QuorumChannel>();

    /// <summary>Plaintext both ways: the default.</summary>
    public static readonly QuorumChannel Plaintext = new(new QuorumTlsSettings(), null);

    private readonly QuorumTlsSettings _settings;

    private QuorumChannel(QuorumTlsSettings settings, ServerTls? tls)
    {
        _settings = settings;
        Tls = tls;
    }

    /// <summary>The quorum's certificates; null when no quorum connection uses TLS or no key store is given.</summary>
    public ServerTls? Tls { get; }

    /// <summary>Server-to-server SASL (quorum.auth.*), run by the ports over the stream this channel gives them.</summary>
    public QuorumSasl.QuorumAuth Auth { get; private init; } = QuorumSasl.QuorumAuth.Off;

    /// <summary>This channel with quorum SASL on top.</summary>
    public QuorumChannel WithAuth(QuorumSasl.QuorumAuth auth) => new(_settings, Tls) { Auth = auth };

    /// <summary>Reads the quorum key and trust stores when TLS is on; a store that cannot be used is a <see cref="TlsSetupException"/>.</summary>
    public static QuorumChannel Load(QuorumTlsSettings settings)
    {
        if (!settings.UsesTls) return Plaintext;
        if (settings.Tls.KeyStore is null)
        {
            // Only portUnification=true gets here (sslQuorum needs the key store, checked with the config).
            Log.Warn("portUnification=true without ssl.quorum.keyStore.location: peers' TLS connections will fail their handshake");
            return new QuorumChannel(settings, null);
        }

        return new QuorumChannel(settings, ServerTls.Load(settings.Tls, "quorum"));
    }

    /// <summary>
    /// The stream to a peer we dialled (the socket is connected): TLS under sslQuorum, else the socket's own. A failed
    /// handshake is an <see cref="IOException"/> saying why; the socket is then closed.
    /// </summary>
    /// <param name="host">The peer's host as its <c>server.N</c> line gives it (for the host name check).</param>
    public async Task<Stream> ConnectAsync(Socket socket, string host, CancellationToken cancel)
    {
        var plain = new NetworkStream(socket, ownsSocket: true);
        if (!_settings.SslQuorum || Tls is null) return plain;
        var ssl = new SslStream(plain, leaveInnerStreamOpen: false);
        var verdict = new ServerTls.Verdict();
        var address = RemoteOf(socket)?.Address ?? IPAddress.None;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(Tls.Settings.HandshakeTimeout);
            await ssl.AuthenticateAsClientAsync(Tls.ClientOptions(host, verdict, HostCheck(address, host)), timeout.Token).ConfigureAwait(false);
            // As QuorumCnxManager and Learner log it: which protocol and suite the peers agreed on.
            Log.Info($"TLS handshake complete with {RemoteOf(socket)} - {TlsProtocols.JavaName(ssl.SslProtocol)} - {ssl.NegotiatedCipherSuite}");
            return ssl;
        }
        catch (Exception e) when (!cancel.IsCancellationRequested && e is AuthenticationException or IOException
                                      or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"TLS handshake with {host} failed: {Reason(e, verdict)}", e);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The stream from a peer that dialled us, or null (after one log line, the socket closed) when it may not talk to
    /// us: plaintext under sslQuorum without portUnification, or a failed TLS handshake.
    /// </summary>
    public async Task<Stream?> AcceptAsync(Socket socket, CancellationToken cancel)
    {
        var plain = new NetworkStream(socket, ownsSocket: true);
        if (!_settings.UsesTls) return plain;
        var remote = RemoteOf(socket);
        var timeoutAfter = Tls?.Settings.HandshakeTimeout ?? _settings.Tls.HandshakeTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(timeoutAfter);
        var verdict = new ServerTls.Verdict();
        SslStream? ssl = null;
        try
        {
            if (!await TlsHandshake.StartsWithTlsAsync(socket, timeout.Token).ConfigureAwait(false))
            {
                if (_settings.PortUnification) return plain;
                Log.Warn($"Blocked plaintext quorum connection from {remote}: sslQuorum=true takes only TLS (portUnification=true takes both)");
                await plain.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            if (Tls is null)
            {
                Log.Warn($"Unsuccessful quorum TLS handshake from {remote}: no ssl.quorum.keyStore.location is configured");
                await plain.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            ssl = new SslStream(plain, leaveInnerStreamOpen: false);
            var check = remote is null ? null : HostCheck(remote.Address, dialledHost: null);
            await ssl.AuthenticateAsServerAsync(Tls.Options(verdict, check), timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or SocketException
                                      or ObjectDisposedException)
        {
            if (!cancel.IsCancellationRequested)
            {
                var reason = e is OperationCanceledException && verdict.Rejection is null
                    ? $"nothing within {timeoutAfter.TotalSeconds:0.#} s"
                    : Reason(e, verdict);
                Log.Warn($"Unsuccessful quorum TLS handshake from {remote}: {reason}");
            }

            if (ssl is not null) await ssl.DisposeAsync().ConfigureAwait(false);
            else await plain.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    // Dialled sockets are dual-mode: a.b.c.d rather than ::ffff:a.b.c.d, in logs and for the host name check.
    private static IPEndPoint? RemoteOf(Socket socket) =>
        socket.RemoteEndPoint is IPEndPoint ip
            ? new IPEndPoint(ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address, ip.Port)
            : null;

    // X509Util creates its ZKTrustManager, the one that checks host names, only when a trust store is configured.
    private Func<X509Certificate2, string?>? HostCheck(IPAddress address, string? dialledHost) =>
        _settings.Tls.HostnameVerification && _settings.Tls.TrustStore is not null
            ? certificate => PeerHostname.Mismatch(certificate, address, dialledHost)
            : null;

    private static string Reason(Exception e, ServerTls.Verdict verdict) =>
        verdict.Rejection ?? (e is OperationCanceledException ? "timed out" : TlsHandshake.Describe(e));
}
