using Keeper.Core.Auth;
using Keeper.Core.Sessions;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tests;

public class AclAndSessionTests
{
    private readonly TestState _state = new();
    private static readonly Id Bob = new("digest", DigestAuth.Digest("bob:secret"));

    [Fact]
    public void Digest_is_user_colon_base64_sha1_of_user_and_password()
    {
        // echo -n bob:secret | openssl sha1 -binary | base64
        Assert.Equal("bob:fyVmFCwVbTJYrznoSu1koqYEYF0=", DigestAuth.Digest("bob:secret"));
    }

    [Fact]
    public void Auth_acl_expands_to_the_callers_digest_id_and_denies_others()
    {
        var s = _state.NewSession();
        Assert.Equal(ErrorCode.Ok, _state.Create(s, "/secret", [1], acl: Acls.CreatorAllAcl, auth: Bob).Err);
        Assert.Equal(ErrorCode.NoAuth, _state.Send(s, OpCode.GetData, new PathWatchRequest("/secret", false)).Err);
        Assert.Equal(ErrorCode.Ok, _state.Send(s, OpCode.GetData, new PathWatchRequest("/secret", false), null, Bob).Err);
        var acl = (GetAclResponse)_state.Send(s, OpCode.GetAcl, new PathRecord("/secret"), null, Bob).Body!;
        Assert.Equal([new Acl(Perms.All, Bob)], acl.Acl);
    }

    [Fact]
    public void GetAcl_without_admin_hides_digest_hashes()
    {
        var s = _state.NewSession();
        _state.Create(s, "/r", acl: [new Acl(Perms.Read, Bob), new Acl(Perms.Read, Id.Anyone)]);
        var acl = (GetAclResponse)_state.Send(s, OpCode.GetAcl, new PathRecord("/r")).Body!;
        Assert.Equal("bob:x", acl.Acl[0].Id.Identity);
    }

    [Fact]
    public void An_x509_acl_names_a_distinguished_name_and_admits_only_that_certificate()
    {
        var client = new Id("x509", "CN=client,OU=Test,O=Keeper,C=US");
        var s = _state.NewSession();
        Assert.Equal(ErrorCode.Ok, _state.Create(s, "/cert", [1], acl: [new Acl(Perms.All, client)]).Err);
        Assert.Equal(ErrorCode.NoAuth, _state.Send(s, OpCode.GetData, new PathWatchRequest("/cert", false), null, new Id("x509", "CN=other,OU=Test,O=Keeper,C=US")).Err);
        Assert.Equal(ErrorCode.Ok, _state.Send(s, OpCode.GetData, new PathWatchRequest("/cert", false), null, client).Err);
        // X509AuthenticationProvider.isValid: an id X500Principal cannot parse is an invalid ACL.
        Assert.Equal(ErrorCode.InvalidAcl, _state.Create(s, "/bad", [1], acl: [new Acl(Perms.All, new Id("x509", "not a dn"))]).Err);
    }

    [Fact]
    public void Super_id_passes_every_check()
    {
        Assert.True(AclChecker.IsAllowed([new Acl(Perms.Read, Bob)], Perms.Admin, [new Id("super", "")]));
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("10.1.2.3", "10.0.0.0/8", true)]
    [InlineData("11.1.2.3", "10.0.0.0/8", false)]
    public void Ip_acls_match_addresses_and_ranges(string client, string acl, bool expected)
    {
        Assert.Equal(expected, IpAuth.Matches(client, acl));
    }

    [Fact]
    public void Session_password_matches_java_random()
    {
        Assert.Equal("a30df497f47103b0b988c9565db5d312", Convert.ToHexStringLower(SessionPassword.For(0x100008e6d2f0000)));
    }

    [Fact]
    public void Closing_a_session_deletes_its_ephemerals_and_fires_their_watches()
    {
        var owner = _state.NewSession();
        var other = _state.NewSession();
        _state.Create(owner, "/e", mode: CreateMode.Ephemeral);
        var watcher = new RecordingWatcher();
        _state.Send(other, OpCode.Exists, new PathWatchRequest("/e", true), watcher);
        _state.CloseSession(owner);
        Assert.Equal([(EventType.NodeDeleted, "/e")], watcher.Events);
        Assert.False(_state.Machine.Sessions.IsLive(owner));
    }

    [Fact]
    public void Sessions_expire_at_the_tick_after_their_timeout()
    {
        var s = _state.NewSession(timeout: 4000);
        long deadline = _state.Machine.Sessions.Get(s)!.ExpiresAt;
        Assert.Equal(0, deadline % 2000);
        Assert.Empty(_state.Machine.Sessions.ExpireDue(deadline - 1));
        Assert.Equal([s], _state.Machine.Sessions.ExpireDue(deadline).Select(x => x.Id));
    }

    [Fact]
    public void Timeouts_are_clamped_to_the_configured_bounds()
    {
        Assert.Equal(4000, _state.Machine.NegotiateTimeout(1000));
        Assert.Equal(40000, _state.Machine.NegotiateTimeout(1_000_000));
    }
}
