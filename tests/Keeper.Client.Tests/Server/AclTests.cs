using Keeper.Client.Tests.Support;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Client.Tests.Server;

public class AclTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task GetAcl_returns_the_acl_given_at_create()
    {
        await Admin.CreateAsync(P("/a"), null, Acls.ReadAclUnsafe, CreateMode.Persistent);
        var (acl, stat) = await Admin.GetAclAsync(P("/a"));
        Assert.Equal(Acls.ReadAclUnsafe, acl);
        Assert.Equal(0, stat.Aversion);
    }

    [Fact]
    public async Task SetAcl_replaces_the_acl_and_bumps_the_aversion()
    {
        await CreateAsync(P("/a"));
        var stat = await Admin.SetAclAsync(P("/a"), Acls.ReadAclUnsafe, 0);
        Assert.Equal(1, stat.Aversion);
        Assert.Equal(Acls.ReadAclUnsafe, (await Admin.GetAclAsync(P("/a"))).Acl);
    }

    [Fact]
    public async Task SetAcl_with_a_wrong_aversion_fails_with_BadVersion()
    {
        await CreateAsync(P("/a"));
        await ThrowsKeeperAsync(ErrorCode.BadVersion, () => Admin.SetAclAsync(P("/a"), Acls.ReadAclUnsafe, 7));
    }

    [Fact]
    public async Task A_read_only_acl_refuses_writes_with_NoAuth()
    {
        await Admin.CreateAsync(P("/a"), null, Acls.ReadAclUnsafe, CreateMode.Persistent);
        await ThrowsKeeperAsync(ErrorCode.NoAuth, () => Admin.SetDataAsync(P("/a"), Bytes("x")));
    }

    [Fact]
    public async Task An_empty_acl_is_refused_with_InvalidAcl()
    {
        await ThrowsKeeperAsync(ErrorCode.InvalidAcl, () => Admin.CreateAsync(P("/a"), null, [], CreateMode.Persistent));
    }
}
