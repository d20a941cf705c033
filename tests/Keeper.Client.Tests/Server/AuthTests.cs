using Keeper.Client.Tests.Support;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Client.Tests.Server;

public class AuthTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task AddAuth_digest_lets_the_creator_use_a_creator_only_node()
    {
        var client = await ConnectAsync();
        await client.AddAuthAsync("digest", Bytes("bob:secret"));
        await client.CreateAsync(P("/private"), Bytes("x"), Acls.CreatorAllAcl, CreateMode.Persistent);
        Assert.Equal(Bytes("x"), (await client.GetDataAsync(P("/private"))).Data);
        var (acl, _) = await client.GetAclAsync(P("/private"));
        Assert.Equal("digest", Assert.Single(acl).Id.Scheme);
    }

    [Fact]
    public async Task A_client_without_the_identity_gets_NoAuth()
    {
        var client = await ConnectAsync();
        await client.AddAuthAsync("digest", Bytes("bob:secret"));
        await client.CreateAsync(P("/private"), null, Acls.CreatorAllAcl, CreateMode.Persistent);
        await ThrowsKeeperAsync(ErrorCode.NoAuth, () => Admin.GetDataAsync(P("/private")));
    }

    [Fact]
    public async Task WhoAmI_reports_the_digest_user_after_AddAuth()
    {
        var client = await ConnectAsync();
        await client.AddAuthAsync("digest", Bytes("bob:secret"));
        Assert.Contains(new ClientInfo("digest", "bob"), await client.WhoAmIAsync());
    }

    [Fact]
    public async Task Auth_is_sent_again_after_a_reconnect()
    {
        var proxy = StartProxy();
        var events = new EventRecorder();
        var client = await ConnectAsync(events, proxy.ConnectString);
        await client.AddAuthAsync("digest", Bytes("bob:secret"));
        await client.CreateAsync(P("/private"), Bytes("x"), Acls.CreatorAllAcl, CreateMode.Persistent);
        proxy.CutAll();
        await EventuallyAsync(() => Task.FromResult(events.States.Count(s => s == KeeperState.SyncConnected) == 2), "the reconnect");
        Assert.Equal(Bytes("x"), (await client.GetDataAsync(P("/private"))).Data);
    }

    [Fact]
    public async Task AddAuth_with_an_unknown_scheme_fails_with_AuthFailed_and_ends_the_client()
    {
        var events = new EventRecorder();
        var client = await ConnectAsync(events);
        await ThrowsKeeperAsync(ErrorCode.AuthFailed, () => client.AddAuthAsync("nosuchscheme", Bytes("x")));
        Assert.Equal(ZooKeeperState.AuthFailed, client.State);
        Assert.Contains(KeeperState.AuthFailed, events.States);
        await ThrowsKeeperAsync(ErrorCode.AuthFailed, () => client.ExistsAsync("/"));
    }
}
