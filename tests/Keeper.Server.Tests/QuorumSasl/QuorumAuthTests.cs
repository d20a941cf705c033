using System.Net;
using System.Net.Sockets;
using System.Text;
using Keeper.Server.QuorumSasl;

namespace Keeper.Server.Tests.QuorumSasl;

/// <summary>
/// The quorum SASL exchange on a loopback socket pair, both sides ours: QuorumAuthPacket framing, the require flags, and
/// that whatever the learner sends after (or instead of) authenticating reaches the reader intact.
/// </summary>
public sealed class QuorumAuthTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static QuorumAuth Auth(bool learnerRequired, bool serverRequired, string password = "pw") =>
        new(true, learnerRequired, serverRequired, ("peer", password), new Dictionary<string, string> { ["peer"] = "pw" })
        {
            Timeout = TimeSpan.FromSeconds(2),
        };

    private static async Task<(NetworkStream Dialled, NetworkStream Accepted)> PairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var dialler = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptSocketAsync();
        await dialler.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        return (new NetworkStream(dialler, ownsSocket: true), new NetworkStream(await accept.WaitAsync(Bound), ownsSocket: true));
    }

    private static async Task<string> ReadLineAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Bound);
        return Encoding.ASCII.GetString(buffer);
    }

    [Fact]
    public void An_in_progress_packet_is_the_magic_then_status_then_the_token()
    {
        var bytes = new QuorumAuthPacket(QuorumAuthStatus.InProgress, [0x41]).Encode();

        Assert.Equal("5F2435013501EDCC" + "00000000" + "00000001" + "41", Convert.ToHexString(bytes));
        Assert.Equal("FFFFFFFF", Convert.ToHexString(new QuorumAuthPacket(QuorumAuthStatus.Error, []).Encode(), 8, 4));
    }

    [Fact]
    public async Task The_right_password_authenticates_and_the_learners_next_bytes_follow()
    {
        var (dialled, accepted) = await PairAsync();
        await using var _ = dialled;
        await using var __ = accepted;
        var serving = Auth(true, true).AuthenticateLearnerAsync(accepted, [], "learner", CancellationToken.None);

        await Auth(true, true).AuthenticateAsLearnerAsync(dialled, "127.0.0.1", "server", CancellationToken.None).WaitAsync(Bound);
        await dialled.WriteAsync("after"u8.ToArray());
        var stream = await serving.WaitAsync(Bound);

        Assert.Equal("after", await ReadLineAsync(stream, 5));
    }

    [Fact]
    public async Task A_wrong_password_fails_both_sides_when_the_server_requires_sasl()
    {
        var (dialled, accepted) = await PairAsync();
        await using var _ = dialled;
        await using var __ = accepted;
        var serving = Auth(true, true).AuthenticateLearnerAsync(accepted, [], "learner", CancellationToken.None);

        var learner = await Assert.ThrowsAsync<QuorumAuthException>(() =>
            Auth(true, true, password: "wrong").AuthenticateAsLearnerAsync(dialled, "127.0.0.1", "server 2", CancellationToken.None).WaitAsync(Bound));
        var server = await Assert.ThrowsAsync<QuorumAuthException>(() => serving.WaitAsync(Bound));

        Assert.Contains("quorum SASL authentication with server 2 failed: the server refused us", learner.Message);
        Assert.Contains("wrong password for user 'peer'", server.Message);
    }

    [Fact]
    public async Task Without_server_require_a_learner_that_sends_no_sasl_is_let_in_with_its_bytes_intact()
    {
        var (dialled, accepted) = await PairAsync();
        await using var _ = dialled;
        await using var __ = accepted;
        // learnerRequireSasl=false: Apache's learner sends nothing; the server looks at 8 bytes and gives them back.
        await Auth(false, false).AuthenticateAsLearnerAsync(dialled, "127.0.0.1", "server", CancellationToken.None);
        await dialled.WriteAsync("3456789abc"u8.ToArray());

        var stream = await Auth(true, false).AuthenticateLearnerAsync(accepted, "12"u8.ToArray(), "learner", CancellationToken.None).WaitAsync(Bound);

        Assert.Equal("123456789abc", await ReadLineAsync(stream, 12));
    }

    [Fact]
    public async Task With_server_require_a_learner_that_sends_no_sasl_is_refused()
    {
        var (dialled, accepted) = await PairAsync();
        await using var _ = dialled;
        await using var __ = accepted;
        await dialled.WriteAsync(new byte[16]);

        var e = await Assert.ThrowsAsync<QuorumAuthException>(() =>
            Auth(true, true).AuthenticateLearnerAsync(accepted, [], "learner", CancellationToken.None).WaitAsync(Bound));
        Assert.Contains("learner not trying to authenticate and authentication is required", e.Message);
    }

    [Fact]
    public async Task A_learner_facing_a_server_that_never_answers_gives_up_after_its_timeout()
    {
        var (dialled, accepted) = await PairAsync();
        await using var _ = dialled;
        await using var __ = accepted;

        var e = await Assert.ThrowsAsync<QuorumAuthException>(() =>
            Auth(true, true).AuthenticateAsLearnerAsync(dialled, "127.0.0.1", "server", CancellationToken.None).WaitAsync(Bound));
        Assert.Contains("timed out", e.Message);
    }
}
