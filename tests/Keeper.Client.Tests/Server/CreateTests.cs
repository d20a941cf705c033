using Keeper.Client.Tests.Support;
using Keeper.Protocol;

namespace Keeper.Client.Tests.Server;

public class CreateTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Create_returns_the_actual_path_of_a_sequential_node()
    {
        string first = await Admin.CreateAsync(P("/s-"), null, Open, CreateMode.PersistentSequential);
        string second = await Admin.CreateAsync(P("/s-"), null, Open, CreateMode.PersistentSequential);
        Assert.Equal(P("/s-0000000000"), first);
        Assert.Equal(P("/s-0000000001"), second);
    }

    [Fact]
    public async Task Create_keeps_null_data_distinct_from_empty_data()
    {
        await Admin.CreateAsync(P("/null"), null, Open, CreateMode.Persistent);
        await Admin.CreateAsync(P("/empty"), [], Open, CreateMode.Persistent);
        Assert.Null((await Admin.GetDataAsync(P("/null"))).Data);
        Assert.Equal(Array.Empty<byte>(), (await Admin.GetDataAsync(P("/empty"))).Data);
    }

    [Fact]
    public async Task Create_of_an_existing_node_fails_with_NodeExists_naming_the_path()
    {
        await CreateAsync(P("/a"));
        var e = await ThrowsKeeperAsync(ErrorCode.NodeExists, () => Admin.CreateAsync(P("/a"), null, Open, CreateMode.Persistent));
        Assert.Equal(P("/a"), e.Path);
    }

    [Fact]
    public async Task Create_under_a_missing_parent_fails_with_NoNode()
    {
        await ThrowsKeeperAsync(ErrorCode.NoNode, () => Admin.CreateAsync(P("/missing/a"), null, Open, CreateMode.Persistent));
    }

    [Fact]
    public async Task Create_ephemeral_sets_the_session_as_owner()
    {
        await Admin.CreateAsync(P("/e"), null, Open, CreateMode.Ephemeral);
        Assert.Equal(Admin.SessionId, (await Admin.ExistsAsync(P("/e")))!.Value.EphemeralOwner);
    }

    [Fact]
    public async Task Create2_returns_the_path_and_stat_of_the_new_node()
    {
        var (path, stat) = await Admin.Create2Async(P("/c2"), Bytes("abc"), Open, CreateMode.Persistent);
        Assert.Equal(P("/c2"), path);
        Assert.Equal(3, stat.DataLength);
        Assert.Equal(stat.Czxid, stat.Mzxid);
        Assert.Equal((await Admin.ExistsAsync(P("/c2")))!.Value, stat);
    }

    [Fact]
    public async Task CreateContainer_makes_a_node_the_server_deletes_when_its_last_child_goes()
    {
        var (path, _) = await Admin.CreateContainerAsync(P("/box"), null, Open);
        Assert.Equal(P("/box"), path);
        await CreateAsync(P("/box/child"));
        await Admin.DeleteAsync(P("/box/child"));
        await EventuallyAsync(async () => await Admin.ExistsAsync(P("/box")) is null, "the empty container to be deleted");
    }

    [Fact]
    public async Task CreateTtl_makes_a_node_the_server_deletes_after_its_ttl()
    {
        var (path, stat) = await Admin.CreateTtlAsync(P("/ttl"), null, Open, CreateMode.PersistentWithTtl, 200);
        Assert.Equal(P("/ttl"), path);
        Assert.Equal(0, stat.EphemeralOwner);
        await EventuallyAsync(async () => await Admin.ExistsAsync(P("/ttl")) is null, "the TTL node to be deleted");
    }

    [Fact]
    public async Task CreateAsync_with_a_ttl_mode_sends_createTTL()
    {
        // Opcode 1 has no ttl field, so the server would answer BadArguments if CreateAsync sent it.
        string path = await Admin.CreateAsync(P("/t-"), null, Open, CreateMode.PersistentSequentialWithTtl, 60_000);
        Assert.Equal(P("/t-0000000000"), path);
    }

    [Fact]
    public async Task CreateAsync_with_container_mode_sends_createContainer()
    {
        await Admin.CreateAsync(P("/box"), null, Open, CreateMode.Container);
        await CreateAsync(P("/box/child"));
        await Admin.DeleteAsync(P("/box/child"));
        await EventuallyAsync(async () => await Admin.ExistsAsync(P("/box")) is null, "the empty container to be deleted");
    }

    [Fact]
    public async Task CreateWithOpCode_create_returns_no_stat()
    {
        var (path, stat) = await Admin.CreateWithOpCodeAsync(OpCode.Create, P("/plain"), null, Open, CreateMode.Persistent);
        Assert.Equal(P("/plain"), path);
        Assert.Null(stat);
    }

    [Fact]
    public async Task CreateWithOpCode_sends_ttl_flags_on_opcode_1_as_asked()
    {
        // What ZooKeeperNetEx does: the server refuses a TTL mode without a ttl.
        await ThrowsKeeperAsync(ErrorCode.BadArguments,
            () => Admin.CreateWithOpCodeAsync(OpCode.Create, P("/bad"), null, Open, CreateMode.PersistentWithTtl));
    }

    [Fact]
    public async Task CreateWithOpCode_refuses_an_opcode_that_is_not_a_create()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => Admin.CreateWithOpCodeAsync(OpCode.Delete, P("/x"), null, Open, CreateMode.Persistent));
    }
}
