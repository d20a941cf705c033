using Keeper.Core.Auth;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tests;

/// <summary>
/// The sasl ACL scheme as ZooKeeper's SASLAuthenticationProvider gives it: only when that provider is loaded
/// (authProvider.N), ids valid as Kerberos names, the same name matches, and <c>auth:</c> expands to sasl ids.
/// </summary>
public class SaslAclTests
{
    private static readonly Id Alice = new("sasl", "alice");
    private static readonly Acl AliceAll = new(Perms.All, Alice);
    private readonly TestState _withSasl = new(authProviders: new AuthProviders(["sasl"]));

    [Fact]
    public void A_sasl_acl_is_invalid_without_the_sasl_provider()
    {
        var state = new TestState();
        var s = state.NewSession();

        Assert.Equal(ErrorCode.InvalidAcl, state.Create(s, "/a", acl: [AliceAll], auth: Alice).Err);
    }

    [Fact]
    public void With_the_provider_the_named_user_may_read_and_another_may_not()
    {
        var s = _withSasl.NewSession();
        Assert.Equal(ErrorCode.Ok, _withSasl.Create(s, "/a", [1], acl: [AliceAll], auth: Alice).Err);

        var read = new PathWatchRequest("/a", false);
        Assert.Equal(ErrorCode.Ok, _withSasl.Send(s, OpCode.GetData, read, null, Alice).Err);
        Assert.Equal(ErrorCode.NoAuth, _withSasl.Send(s, OpCode.GetData, read, null, new Id("sasl", "bob")).Err);
        Assert.Equal(ErrorCode.NoAuth, _withSasl.Send(s, OpCode.GetData, read).Err);
    }

    [Fact]
    public void A_sasl_user_named_super_matches_every_sasl_acl()
    {
        Assert.True(AclChecker.IsAllowed([AliceAll], Perms.Read, [new Id("sasl", "super")]));
    }

    [Fact]
    public void Auth_expands_to_the_callers_sasl_id_only_when_the_provider_is_loaded()
    {
        var s = _withSasl.NewSession();
        Assert.Equal(ErrorCode.Ok, _withSasl.Create(s, "/mine", acl: Acls.CreatorAllAcl, auth: Alice).Err);
        var acl = (GetAclResponse)_withSasl.Send(s, OpCode.GetAcl, new PathRecord("/mine"), null, Alice).Body!;
        Assert.Equal([AliceAll], acl.Acl);

        var without = new TestState();
        var t = without.NewSession();
        Assert.Equal(ErrorCode.InvalidAcl, without.Create(t, "/mine", acl: Acls.CreatorAllAcl, auth: Alice).Err);
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("zookeeper/host.example.com@EXAMPLE.COM", true)]
    [InlineData("alice@EXAMPLE.COM", true)]
    [InlineData("a/b/c", true)]
    [InlineData("a@b@c", false)]
    [InlineData("a/b/c@REALM", false)]
    [InlineData("a@REALM/x", false)]
    public void Sasl_ids_are_valid_as_kerberos_names_are(string id, bool valid)
    {
        Assert.Equal(valid, SaslIds.IsValid(id));
    }
}
