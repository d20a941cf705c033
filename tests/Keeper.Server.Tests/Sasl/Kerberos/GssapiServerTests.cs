using Keeper.Server.Sasl;
using Keeper.Server.Sasl.Kerberos;

namespace Keeper.Server.Tests.Sasl.Kerberos;

/// <summary>
/// Tokens that are not a Kerberos login fail the exchange with a <see cref="SaslFailure"/> (one log line, the
/// connection closed, by the sasl op's handler), never another exception; the exchange then stays failed.
/// The good path needs a KDC: see the interop tests (Keeper.Interop.Tests/Sasl/Kerberos).
/// </summary>
public sealed class GssapiServerTests
{
    public static TheoryData<byte[]> BadFirstTokens => new()
    {
        Array.Empty<byte>(),
        new byte[] { 0x60 },
        new byte[] { 0x60, 0x82, 0xff, 0xff, 0x06, 0x09 },
        System.Text.Encoding.ASCII.GetBytes("charset=utf-8,username=\"alice\",realm=\"zk-sasl-md5\""),
        Enumerable.Range(0, 4096).Select(i => (byte)(i * 31)).ToArray(),
    };

    [Theory]
    [MemberData(nameof(BadFirstTokens))]
    public void A_token_that_is_not_kerberos_fails_the_exchange(byte[] token)
    {
        var server = new GssapiServer(p => p);

        var e = Assert.Throws<SaslFailure>(() => server.Evaluate(token));

        Assert.StartsWith("GSSAPI: ", e.Message);
        Assert.False(server.IsComplete);
        Assert.Null(server.AuthorizationId);
        Assert.Equal("GSSAPI exchange already failed", Assert.Throws<SaslFailure>(() => server.Evaluate([1, 2, 3])).Message);
    }
}
