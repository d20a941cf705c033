using System.Buffers.Binary;
using Keeper.Client.Tests.Support;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Client.Tests.Server;

public class MiscOpsTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Sync_returns_the_path_it_was_given()
    {
        Assert.Equal(Root, await Admin.SyncAsync(Root));
    }

    [Fact]
    public async Task GetEphemerals_lists_this_sessions_ephemerals_under_the_prefix()
    {
        var client = await ConnectAsync();
        await CreateAsync(P("/a"));
        await CreateAsync(P("/b"));
        await client.CreateAsync(P("/a/e1"), null, Open, CreateMode.Ephemeral);
        await client.CreateAsync(P("/b/e2"), null, Open, CreateMode.Ephemeral);
        await Admin.CreateAsync(P("/a/other"), null, Open, CreateMode.Ephemeral);
        Assert.Equal([P("/a/e1")], await client.GetEphemeralsAsync(P("/a")));
        Assert.Equal([P("/a/e1"), P("/b/e2")], (await client.GetEphemeralsAsync(Root)).Order());
    }

    [Fact]
    public async Task GetAllChildrenNumber_counts_descendants_at_every_depth()
    {
        await CreateAsync(P("/a"));
        await CreateAsync(P("/a/b"));
        await CreateAsync(P("/a/b/c"));
        await CreateAsync(P("/a/d"));
        Assert.Equal(3, await Admin.GetAllChildrenNumberAsync(P("/a")));
    }

    [Fact]
    public async Task WhoAmI_reports_the_ip_identity_of_a_fresh_connection()
    {
        var info = await Admin.WhoAmIAsync();
        Assert.Contains(new ClientInfo("ip", "127.0.0.1"), info);
    }

    [Fact]
    public async Task SendRaw_returns_the_reply_header_and_the_undecoded_body()
    {
        await CreateAsync(P("/a"), "xyz");
        var reply = await Admin.SendRawAsync(OpCode.GetData, new PathWatchRequest(P("/a"), false));
        Assert.Equal(ErrorCode.Ok, reply.Header.Err);
        Assert.True(reply.Header.Xid > 0);
        Assert.Equal(4 + 3 + 68, reply.Body.Length);
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(reply.Body));
        Assert.Equal(Bytes("xyz"), reply.Body[4..7]);
    }

    [Fact]
    public async Task SendRaw_returns_error_replies_instead_of_throwing()
    {
        var reply = await Admin.SendRawAsync(OpCode.Exists, new PathWatchRequest(P("/nothing"), false));
        Assert.Equal(ErrorCode.NoNode, reply.Header.Err);
        Assert.Empty(reply.Body);
    }

    [Fact]
    public async Task AddWatch_reply_body_is_an_error_response_of_zero()
    {
        var reply = await Admin.SendRawAsync(OpCode.AddWatch, new AddWatchRequest(Root, AddWatchMode.Persistent));
        Assert.Equal(ErrorCode.Ok, reply.Header.Err);
        Assert.Equal(new byte[4], reply.Body);
    }
}
