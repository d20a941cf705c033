using System.Text;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Server.Sasl;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Sasl;

/// <summary>The SASL servers of <see cref="SaslFixture"/> with <c>zookeeper.allowSaslFailedClients=true</c>.</summary>
public sealed class SaslFailedClientsAllowedFixture : SaslFixture
{
    protected override string[]? JvmProperties => [.. base.JvmProperties!, "zookeeper.allowSaslFailedClients=true"];
}

/// <summary>
/// The DIGEST-MD5 exchange on the wire, driven by hand (our client's raw requests, the response computed here), on
/// Apache ZooKeeper and on us, with the same expectations for both.
/// </summary>
public sealed class SaslRawExchangeTests(SaslFailedClientsAllowedFixture fixture) : IClassFixture<SaslFailedClientsAllowedFixture>
{
    private static async Task<(RawReply Challenge, RawReply Reply)> LoginAsync(ZooKeeperClient client, string user, string password)
    {
        var challenge = await client.SendRawAsync(OpCode.Sasl, new SaslRecord([]));
        // SetSASLResponse: token:buffer (a 4-byte length first).
        var text = Encoding.UTF8.GetString(challenge.Body, 4, challenge.Body.Length - 4);
        var nonce = DigestDirectives.Parse(text).Single(d => d.Key == "nonce").Value;
        const string cnonce = "interop-cnonce";
        var response = DigestMd5.ClientResponse(new DigestCredentials(user, DigestMd5Server.Realm, password, nonce, cnonce,
            "00000001", "auth", DigestMd5Server.DigestUri, null));
        var token = $"charset=utf-8,username=\"{user}\",realm=\"zk-sasl-md5\",nonce=\"{nonce}\",nc=00000001,cnonce=\"{cnonce}\"," +
            $"digest-uri=\"zookeeper/zk-sasl-md5\",maxbuf=65536,response={response},qop=auth";
        var reply = await client.SendRawAsync(OpCode.Sasl, new SaslRecord(Encoding.UTF8.GetBytes(token)));
        return (challenge, reply);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_hand_made_login_succeeds_with_rspauth_and_whoami_shows_the_sasl_id(string kind)
    {
        var server = await fixture.ServerAsync(kind);
        await using var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectString = server.ConnectString });

        var (_, reply) = await LoginAsync(client, "alice", "alice-secret");
        var whoami = await client.SendRawAsync(OpCode.WhoAmI, null);

        Assert.Equal((ErrorCode.Ok, 0L), (reply.Header.Err, reply.Header.Zxid));
        Assert.StartsWith("rspauth=", Encoding.ASCII.GetString(reply.Body, 4, reply.Body.Length - 4));
        Assert.Contains("sasl", Encoding.ASCII.GetString(whoami.Body));
        Assert.Contains("alice", Encoding.ASCII.GetString(whoami.Body));
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task With_allowSaslFailedClients_a_wrong_password_gets_a_null_token_and_the_connection_stays(string kind)
    {
        var server = await fixture.ServerAsync(kind);
        await using var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectString = server.ConnectString });

        var (_, reply) = await LoginAsync(client, "alice", "wrong");
        var after = await client.SendRawAsync(OpCode.Exists, new PathWatchRequest("/", false));
        var whoami = await client.SendRawAsync(OpCode.WhoAmI, null);

        Assert.Equal((ErrorCode.Ok, 0L), (reply.Header.Err, reply.Header.Zxid));
        Assert.Equal([0xff, 0xff, 0xff, 0xff], reply.Body);
        Assert.Equal(ErrorCode.Ok, after.Header.Err);
        Assert.DoesNotContain("sasl", Encoding.ASCII.GetString(whoami.Body));
    }
}
