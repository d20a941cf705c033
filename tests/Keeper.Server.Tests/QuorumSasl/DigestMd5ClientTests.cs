using System.Text;
using Keeper.Server.Sasl;

namespace Keeper.Server.Tests.QuorumSasl;

/// <summary>The DIGEST-MD5 client against the JDK's tokens and against our own server, for the quorum's protocol and server name.</summary>
public class DigestMd5ClientTests
{
    // Recorded from the JDK 17 SASL server and client with ZooKeeper's quorum names ("zookeeper-quorum",
    // "zk-quorum-sasl-md5"), user learner/s3cret, the client created with authorization id "learner" as
    // SecurityUtils.createSaslClient does.
    private const string JdkChallenge =
        "realm=\"zk-quorum-sasl-md5\",nonce=\"zykw8evN+rHPsyGahy4XRBBsM780OecHombH36X8\",charset=utf-8,algorithm=md5-sess";
    private const string JdkCnonce = "U9C/Ot4bgvf+mDg3U9OcbaFAqOiDjf21ZYzZeL9b";
    private const string JdkResponse =
        "charset=utf-8,username=\"learner\",realm=\"zk-quorum-sasl-md5\",nonce=\"zykw8evN+rHPsyGahy4XRBBsM780OecHombH36X8\"," +
        "nc=00000001,cnonce=\"U9C/Ot4bgvf+mDg3U9OcbaFAqOiDjf21ZYzZeL9b\",digest-uri=\"zookeeper-quorum/zk-quorum-sasl-md5\"," +
        "maxbuf=65536,response=5fd0685c23419ad4d52c329c82a07f13,qop=auth,authzid=\"learner\"";
    private const string JdkRspauth = "rspauth=9dc863860b3bf92eb6b60ed986e0bac9";

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Answers_the_jdks_challenge_byte_for_byte_as_the_jdk_client_and_accepts_its_rspauth()
    {
        var client = new DigestMd5Client("learner", "s3cret", DigestMd5Service.Quorum, JdkCnonce);

        Assert.Equal(JdkResponse, Encoding.UTF8.GetString(client.EvaluateChallenge(Bytes(JdkChallenge))!));
        Assert.False(client.IsComplete);
        Assert.Null(client.EvaluateChallenge(Bytes(JdkRspauth)));
        Assert.True(client.IsComplete);
    }

    [Fact]
    public void Our_server_answers_the_jdks_response_with_the_jdks_rspauth()
    {
        var server = new DigestMd5Server(u => u == "learner" ? "s3cret" : null, "zykw8evN+rHPsyGahy4XRBBsM780OecHombH36X8", DigestMd5Service.Quorum);

        Assert.Equal(JdkChallenge, Encoding.UTF8.GetString(server.Evaluate([])));
        Assert.Equal(JdkRspauth, Encoding.UTF8.GetString(server.Evaluate(Bytes(JdkResponse))));
        Assert.Equal("learner", server.AuthorizationId);
    }

    [Fact]
    public void A_full_exchange_with_our_server_completes_both_sides()
    {
        var server = new DigestMd5Server(u => u == "peer" ? "pässwörd€" : null, service: DigestMd5Service.Quorum);
        var client = new DigestMd5Client("peer", "pässwörd€", DigestMd5Service.Quorum);

        var response = client.EvaluateChallenge(server.Evaluate([]))!;
        Assert.Null(client.EvaluateChallenge(server.Evaluate(response)));
        Assert.True(server.IsComplete);
        Assert.True(client.IsComplete);
    }

    [Fact]
    public void A_wrong_password_is_refused_by_the_server()
    {
        var server = new DigestMd5Server(u => u == "peer" ? "right" : null, service: DigestMd5Service.Quorum);
        var client = new DigestMd5Client("peer", "wrong", DigestMd5Service.Quorum);

        var e = Assert.Throws<SaslFailure>(() => server.Evaluate(client.EvaluateChallenge(server.Evaluate([]))!));
        Assert.Contains("wrong password for user 'peer'", e.Message);
    }

    [Fact]
    public void A_server_that_does_not_know_our_password_fails_the_rspauth_check()
    {
        // The server proves it knows the password too: a made-up rspauth (a server that would let anyone in) is caught.
        var impostor = new DigestMd5Server(_ => "other", service: DigestMd5Service.Quorum);
        var challenge = impostor.Evaluate([]);
        var client = new DigestMd5Client("peer", "right", DigestMd5Service.Quorum);
        client.EvaluateChallenge(challenge);

        var e = Assert.Throws<SaslFailure>(() => client.EvaluateChallenge(Bytes("rspauth=0123456789abcdef0123456789abcdef")));
        Assert.Contains("rspauth does not match", e.Message);
        Assert.False(client.IsComplete);
    }

    [Fact]
    public void The_client_port_names_do_not_authenticate_on_the_quorum()
    {
        var server = new DigestMd5Server(u => u == "peer" ? "pw" : null, service: DigestMd5Service.Quorum);
        var client = new DigestMd5Client("peer", "pw", DigestMd5Service.ClientPort);

        var e = Assert.Throws<SaslFailure>(() => server.Evaluate(client.EvaluateChallenge(server.Evaluate([]))!));
        Assert.Contains("digest-uri 'zookeeper/zk-sasl-md5'", e.Message);
    }

    [Theory]
    [InlineData("realm=\"r\",charset=utf-8,algorithm=md5-sess", "without nonce")]
    [InlineData("realm=\"r\",nonce=\"n\",charset=utf-8,algorithm=md5", "is not md5-sess")]
    [InlineData("realm=\"r\",nonce=\"n\",qop=\"auth-conf\",algorithm=md5-sess", "without auth")]
    [InlineData("realm=\"r\",nonce=\"n\",nonce=\"m\",algorithm=md5-sess", "more than once")]
    [InlineData("realm=\"r\",nonce=\"n\",charset=iso-8859-1,algorithm=md5-sess", "unsupported charset 'iso-8859-1'")]
    [InlineData("", "empty digest-challenge")]
    public void A_malformed_challenge_is_a_sasl_failure(string challenge, string reason)
    {
        var client = new DigestMd5Client("peer", "pw", DigestMd5Service.Quorum);

        Assert.Contains(reason, Assert.Throws<SaslFailure>(() => client.EvaluateChallenge(Bytes(challenge))).Message);
    }

    [Fact]
    public void A_challenge_that_says_utf_8_but_is_not_is_refused_as_the_server_refuses_such_a_response()
    {
        var client = new DigestMd5Client("peer", "pw", DigestMd5Service.Quorum);
        byte[] challenge = [.. Bytes("realm=\"r\",nonce=\""), 0xff, .. Bytes("\",charset=utf-8,algorithm=md5-sess")];

        Assert.Contains("digest-challenge is not valid UTF-8", Assert.Throws<SaslFailure>(() => client.EvaluateChallenge(challenge)).Message);
    }
}
