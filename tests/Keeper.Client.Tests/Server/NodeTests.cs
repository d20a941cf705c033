using Keeper.Client.Tests.Support;
using Keeper.Protocol;

namespace Keeper.Client.Tests.Server;

public class NodeTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Delete_removes_the_node()
    {
        await CreateAsync(P("/a"));
        await Admin.DeleteAsync(P("/a"));
        Assert.Null(await Admin.ExistsAsync(P("/a")));
    }

    [Fact]
    public async Task Delete_with_a_wrong_version_fails_with_BadVersion()
    {
        await CreateAsync(P("/a"));
        await ThrowsKeeperAsync(ErrorCode.BadVersion, () => Admin.DeleteAsync(P("/a"), 5));
    }

    [Fact]
    public async Task Delete_of_a_node_with_children_fails_with_NotEmpty()
    {
        await CreateAsync(P("/a"));
        await CreateAsync(P("/a/b"));
        await ThrowsKeeperAsync(ErrorCode.NotEmpty, () => Admin.DeleteAsync(P("/a")));
    }

    [Fact]
    public async Task Delete_of_a_missing_node_fails_with_NoNode()
    {
        await ThrowsKeeperAsync(ErrorCode.NoNode, () => Admin.DeleteAsync(P("/nothing")));
    }

    [Fact]
    public async Task Exists_returns_null_for_a_missing_node()
    {
        Assert.Null(await Admin.ExistsAsync(P("/nothing")));
    }

    [Fact]
    public async Task Exists_returns_the_stat_of_an_existing_node()
    {
        await CreateAsync(P("/a"), "12345");
        var stat = await Admin.ExistsAsync(P("/a"));
        Assert.Equal(5, stat!.Value.DataLength);
    }

    [Fact]
    public async Task GetData_returns_the_data_and_stat()
    {
        await CreateAsync(P("/a"), "hello");
        var (data, stat) = await Admin.GetDataAsync(P("/a"));
        Assert.Equal(Bytes("hello"), data);
        Assert.Equal(0, stat.Version);
        Assert.Equal(5, stat.DataLength);
    }

    [Fact]
    public async Task GetData_of_a_missing_node_fails_with_NoNode()
    {
        await ThrowsKeeperAsync(ErrorCode.NoNode, () => Admin.GetDataAsync(P("/nothing")));
    }

    [Fact]
    public async Task SetData_replaces_the_data_and_bumps_the_version()
    {
        await CreateAsync(P("/a"), "1");
        var stat = await Admin.SetDataAsync(P("/a"), Bytes("22"), 0);
        Assert.Equal(1, stat.Version);
        Assert.Equal(Bytes("22"), (await Admin.GetDataAsync(P("/a"))).Data);
    }

    [Fact]
    public async Task SetData_can_store_null()
    {
        await CreateAsync(P("/a"), "1");
        await Admin.SetDataAsync(P("/a"), null);
        Assert.Null((await Admin.GetDataAsync(P("/a"))).Data);
    }

    [Fact]
    public async Task SetData_with_a_wrong_version_fails_with_BadVersion()
    {
        await CreateAsync(P("/a"));
        await ThrowsKeeperAsync(ErrorCode.BadVersion, () => Admin.SetDataAsync(P("/a"), null, 3));
    }

    [Fact]
    public async Task GetChildren_lists_the_child_names()
    {
        await CreateAsync(P("/a"));
        await CreateAsync(P("/a/x"));
        await CreateAsync(P("/a/y"));
        var children = await Admin.GetChildrenAsync(P("/a"));
        Assert.Equal(["x", "y"], children.Order());
    }

    [Fact]
    public async Task GetChildren2_returns_the_children_and_the_parents_stat()
    {
        await CreateAsync(P("/a"));
        await CreateAsync(P("/a/x"));
        var (children, stat) = await Admin.GetChildren2Async(P("/a"));
        Assert.Equal(["x"], children);
        Assert.Equal(1, stat.NumChildren);
        Assert.Equal(1, stat.Cversion);
    }

    [Fact]
    public async Task GetChildren_of_a_missing_node_fails_with_NoNode()
    {
        await ThrowsKeeperAsync(ErrorCode.NoNode, () => Admin.GetChildrenAsync(P("/nothing")));
    }

    [Fact]
    public async Task A_large_value_survives_the_round_trip()
    {
        var big = new byte[900_000];
        Random.Shared.NextBytes(big);
        await Admin.CreateAsync(P("/big"), big, Open, CreateMode.Persistent);
        Assert.Equal(big, (await Admin.GetDataAsync(P("/big"))).Data);
    }

    [Fact]
    public async Task Many_concurrent_requests_all_complete_with_their_own_results()
    {
        var creates = Enumerable.Range(0, 200).Select(i => Admin.CreateAsync(P($"/n{i}"), Bytes($"{i}"), Open, CreateMode.Persistent));
        await Task.WhenAll(creates);
        var reads = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Admin.GetDataAsync(P($"/n{i}"))));
        for (int i = 0; i < reads.Length; i++) Assert.Equal(Bytes($"{i}"), reads[i].Data);
    }
}
