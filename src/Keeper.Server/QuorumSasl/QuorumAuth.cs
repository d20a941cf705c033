using System.Buffers.Binary;
using Keeper.Server.Logging;
using Keeper.Server.Sasl;

namespace Keeper.Server.QuorumSasl;

/// <summary>
/// Server-to-server SASL (DIGEST-MD5 or GSSAPI) as SaslQuorumAuthLearner and SaslQuorumAuthServer run it, on the election port
/// (after the initial message) and on the leader's quorum port (before the first Zab packet), after TLS where
/// sslQuorum is on. The dialling side sends its first token (empty for DIGEST-MD5, the Kerberos AP-REQ for GSSAPI)
/// and answers the server's until it says SUCCESS; the accepting side tells an auth packet from a peer's first bytes by its magic number.
/// </summary>
internal sealed class QuorumAuth
{
    private static readonly Logger Log = Logging.Log.For<QuorumAuth>();

    /// <summary>quorum.auth.enableSasl=false: nothing is sent, nothing is looked for.</summary>
    public static readonly QuorumAuth Off = new(enabled: false, false, false, null, () => throw new InvalidOperationException("quorum SASL is off"), "");

    // DIGEST-MD5 and GSSAPI exchanges are two or three round trips; more packets than this is a confused or hostile peer.
    private const int MaxSteps = 4;

    private readonly bool _learnerRequired;
    private readonly bool _serverRequired;
    private readonly Func<string, ISaslClientExchange>? _newLearnerExchange;
    private readonly Func<ISaslServerExchange> _newServerExchange;
    private readonly string _refusalHint;

    /// <param name="newLearnerExchange">Our login to the peer dialled at the given host; null: we cannot authenticate.</param>
    /// <param name="newServerExchange">A check of one peer's login to us.</param>
    /// <param name="refusalHint">Why a server would refuse us, for the learner's log line.</param>
    public QuorumAuth(bool enabled, bool learnerRequired, bool serverRequired, Func<string, ISaslClientExchange>? newLearnerExchange,
        Func<ISaslServerExchange> newServerExchange, string refusalHint)
    {
        Enabled = enabled;
        _learnerRequired = learnerRequired;
        _serverRequired = serverRequired;
        _newLearnerExchange = newLearnerExchange;
        _newServerExchange = newServerExchange;
        _refusalHint = refusalHint;
    }

    /// <summary>DIGEST-MD5 both ways: we log in as <paramref name="learnerLogin"/>, peers as one of <paramref name="serverUsers"/>.</summary>
    public QuorumAuth(bool enabled, bool learnerRequired, bool serverRequired, (string User, string Password)? learnerLogin,
        IReadOnlyDictionary<string, string> serverUsers)
        : this(enabled, learnerRequired, serverRequired,
            learnerLogin is { } login ? _ => new DigestMd5Client(login.User, login.Password, DigestMd5Service.Quorum) : null,
            DigestServer(serverUsers), DigestRefusalHint)
    {
    }

    public const string DigestRefusalHint = "wrong password, or a user it does not know";

    /// <summary>A DIGEST-MD5 check of a peer's login against the QuorumServer section's users.</summary>
    public static Func<ISaslServerExchange> DigestServer(IReadOnlyDictionary<string, string> users) =>
        () => new DigestMd5Server(user => users.TryGetValue(user, out var p) ? p : null, service: DigestMd5Service.Quorum);

    public bool Enabled { get; }

    /// <summary>How long one exchange may take, either side (Apache's bound is the socket's read timeout).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The dialling side: authenticates to the peer when quorum.auth.learnerRequireSasl is on (otherwise sends nothing,
    /// as Apache's learner skips SASL then). A failure is a <see cref="QuorumAuthException"/>; the caller closes.
    /// </summary>
    public async Task AuthenticateAsLearnerAsync(Stream stream, string host, string peer, CancellationToken cancel)
    {
        if (!Enabled || !_learnerRequired || _newLearnerExchange is null) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = _newLearnerExchange(host);
            await new QuorumAuthPacket(QuorumAuthStatus.InProgress, client.Start()).WriteAsync(stream, timeout.Token).ConfigureAwait(false);
            for (int step = 0; step < MaxSteps; step++)
            {
                var packet = await QuorumAuthPacket.ReadAsync(stream, timeout.Token).ConfigureAwait(false);
                if (packet.Status == QuorumAuthStatus.Error) throw new SaslFailure($"the server refused us ({_refusalHint})");
                if (packet.Status == QuorumAuthStatus.Success)
                {
                    // DIGEST-MD5's success carries the server's rspauth to check; GSSAPI's client is done before it.
                    if (!client.IsComplete && (client.EvaluateChallenge(packet.Token) is not null || !client.IsComplete))
                        throw new SaslFailure("the server said success before the exchange was complete");
                    Log.Info($"Successfully completed the authentication using SASL. server addr: {peer}");
                    return;
                }
                if (client.IsComplete) throw new SaslFailure("the server wants more after the exchange was complete");
                var answer = client.EvaluateChallenge(packet.Token) ?? throw new SaslFailure("the server wants more after the exchange was complete");
                await new QuorumAuthPacket(QuorumAuthStatus.InProgress, answer).WriteAsync(stream, timeout.Token).ConfigureAwait(false);
            }
            throw new SaslFailure($"no outcome after {MaxSteps} steps");
        }
        catch (Exception e) when (e is SaslFailure or IOException or EndOfStreamException
                                      || (e is OperationCanceledException && !cancel.IsCancellationRequested))
        {
            throw new QuorumAuthException($"quorum SASL authentication with {peer} failed: {Describe(e)}", e);
        }
    }

    /// <summary>
    /// The accepting side: with quorum.auth.enableSasl on, checks a peer that authenticates and, under
    /// quorum.auth.serverRequireSasl, refuses one that does not (or fails): a <see cref="QuorumAuthException"/>, the
    /// caller logs it and closes. Without the requirement a failed peer is kept, as Apache keeps it (after telling it
    /// the exchange failed, so a learner that required SASL leaves by itself). Returns the stream to read the peer's
    /// next bytes from: <paramref name="alreadyRead"/> (bytes past what the caller decoded) and the bytes looked at
    /// come first.
    /// </summary>
    public async Task<Stream> AuthenticateLearnerAsync(Stream stream, byte[] alreadyRead, string remote, CancellationToken cancel)
    {
        if (!Enabled) return alreadyRead.Length == 0 ? stream : new ReplayStream(stream, alreadyRead);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(Timeout);
        var head = await PeekAsync(stream, alreadyRead, timeout.Token, cancel).ConfigureAwait(false);
        var replay = new ReplayStream(stream, head);
        if (head.Length < 8 || BinaryPrimitives.ReadInt64BigEndian(head) != QuorumAuthPacket.Magic)
        {
            if (_serverRequired) throw new QuorumAuthException("learner not trying to authenticate and authentication is required (quorum.auth.serverRequireSasl=true)");
            return replay;
        }

        var server = _newServerExchange();
        bool replied = false;
        try
        {
            for (int step = 0; step < MaxSteps && !server.IsComplete; step++)
            {
                var packet = await QuorumAuthPacket.ReadAsync(replay, timeout.Token).ConfigureAwait(false);
                var reply = server.Evaluate(packet.Token);
                replied = true;
                await new QuorumAuthPacket(server.IsComplete ? QuorumAuthStatus.Success : QuorumAuthStatus.InProgress, reply ?? [])
                    .WriteAsync(replay, timeout.Token).ConfigureAwait(false);
            }
            if (!server.IsComplete) throw new SaslFailure($"no outcome after {MaxSteps} steps");
            Log.Info($"Successfully completed the authentication using SASL. learner addr: {remote}, user: {server.AuthorizationId}");
            return replay;
        }
        catch (Exception e) when (e is SaslFailure or IOException or EndOfStreamException
                                      || (e is OperationCanceledException && !cancel.IsCancellationRequested))
        {
            if (replied || e is SaslFailure) await TrySendErrorAsync(replay).ConfigureAwait(false);
            if (_serverRequired) throw new QuorumAuthException($"quorum SASL authentication failed: {Describe(e)}", e);
            Log.Warn($"Maintaining learner connection from {remote} despite SASL authentication failure ({Describe(e)}): quorum.auth.serverRequireSasl=false");
            return replay;
        }
    }

    // Up to the 8 bytes of a magic number; fewer when the peer sends nothing more in time or closes (Apache's mark/reset).
    private static async Task<byte[]> PeekAsync(Stream stream, byte[] alreadyRead, CancellationToken timeout, CancellationToken cancel)
    {
        if (alreadyRead.Length >= 8) return alreadyRead;
        var head = new byte[8];
        alreadyRead.CopyTo(head, 0);
        int have = alreadyRead.Length;
        try
        {
            while (have < 8)
            {
                int n = await stream.ReadAsync(head.AsMemory(have), timeout).ConfigureAwait(false);
                if (n == 0) break;
                have += n;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            // Quiet peer: it is not authenticating (what that means depends on serverRequireSasl).
        }
        return head[..have];
    }

    private static async Task TrySendErrorAsync(Stream stream)
    {
        try
        {
            using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await new QuorumAuthPacket(QuorumAuthStatus.Error, []).WriteAsync(stream, brief.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or NotSupportedException)
        {
            // The peer is gone already; the failure is reported by the caller.
        }
    }

    private static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "timed out",
        EndOfStreamException => "the peer closed the connection",
        _ => e.Message,
    };
}
