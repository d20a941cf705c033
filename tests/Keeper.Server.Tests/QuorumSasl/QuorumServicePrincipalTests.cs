using Keeper.Server.QuorumSasl;

namespace Keeper.Server.Tests.QuorumSasl;

/// <summary>quorum.auth.kerberos.servicePrincipal's _HOST (SecurityUtils.getServerPrincipal) and the server's authorised-host check.</summary>
public sealed class QuorumServicePrincipalTests
{
    [Theory]
    [InlineData("zkquorum/_HOST", "Server1.Example.COM", "zkquorum/server1.example.com")]
    [InlineData("zkquorum/_HOST", "127.0.0.2", "zkquorum/127.0.0.2")]
    [InlineData("zkquorum/localhost", "127.0.0.2", "zkquorum/localhost")]
    // Apache splits on '/' only: with a realm the second part is "_HOST@REALM", which is not the pattern.
    [InlineData("zkquorum/_HOST@EXAMPLE.COM", "host", "zkquorum/_HOST@EXAMPLE.COM")]
    [InlineData("zkquorum", "host", "zkquorum")]
    [InlineData("a/_HOST/b", "host", "a/_HOST/b")]
    [InlineData("zkquorum/_host", "host", "zkquorum/_host")]
    public void Host_pattern_is_replaced_only_in_a_two_part_name(string configured, string host, string expected)
    {
        Assert.Equal(expected, QuorumServicePrincipal.For(configured, host));
    }

    [Theory]
    [InlineData("zkquorum/localhost@EXAMPLE.COM", "zkquorum/localhost", "EXAMPLE.COM")]
    [InlineData("zkquorum/localhost", "zkquorum/localhost", null)]
    public void The_gss_target_has_no_realm(string principal, string target, string? realm)
    {
        Assert.Equal((target, realm), QuorumServicePrincipal.SplitRealm(principal));
    }

    private static readonly HashSet<string> Hosts = ["127.0.0.2", "zk3.example.com"];

    [Theory]
    [InlineData("zkquorum/127.0.0.2@KEEPER.TEST")]
    [InlineData("learner/zk3.example.com@OTHER.REALM")]
    public void A_principal_of_a_server_host_is_authorised(string principal)
    {
        Assert.Null(QuorumServicePrincipal.Unauthorized(principal, Hosts));
    }

    [Theory]
    [InlineData("zkquorum/127.0.0.9@KEEPER.TEST", "its host 127.0.0.9 is not one of the ensemble's servers")]
    [InlineData("zkquorum/ZK3.example.com@KEEPER.TEST", "its host ZK3.example.com is not one of the ensemble's servers")]
    [InlineData("alice@KEEPER.TEST", "not a service/host@REALM principal")]
    [InlineData("zkquorum/127.0.0.2", "not a service/host@REALM principal")]
    [InlineData("a/b/127.0.0.2@KEEPER.TEST", "not a service/host@REALM principal")]
    public void Any_other_principal_is_refused(string principal, string reason)
    {
        var why = QuorumServicePrincipal.Unauthorized(principal, Hosts);
        Assert.NotNull(why);
        Assert.Contains(reason, why);
        Assert.StartsWith(principal + " is not authorized to connect", why);
    }
}
