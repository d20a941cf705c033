using Keeper.Client.Tests.Support;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Client.Tests.Server;

public class MultiTests(ZooKeeperFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Multi_applies_every_op_and_returns_a_result_of_each_kind()
    {
        await CreateAsync(P("/old"));
        await CreateAsync(P("/gone"));
        IReadOnlyList<MultiResult> results = await Admin.MultiAsync([
            Ops.Create(P("/m1"), Bytes("1"), Open, CreateMode.Persistent),
            // Apache 3.8.0 answers a create2 op inside a multi with a plain create result; createTTL gets create2.
            Ops.Create(P("/m2"), null, Open, CreateMode.PersistentWithTtl, 60_000),
            Ops.SetData(P("/old"), Bytes("new"), 0),
            Ops.Check(P("/old"), 1),
            Ops.Delete(P("/gone")),
        ]);
        Assert.Equal([OpCode.Create, OpCode.Create2, OpCode.SetData, OpCode.Check, OpCode.Delete], results.Select(r => r.Type));
        Assert.Equal(P("/m1"), ((PathRecord)results[0].Body!).Path);
        Assert.Equal(P("/m2"), ((Create2Response)results[1].Body!).Path);
        Assert.Equal(1, ((StatResponse)results[2].Body!).Stat.Version);
        Assert.Null(await Admin.ExistsAsync(P("/gone")));
        Assert.Equal(Bytes("new"), (await Admin.GetDataAsync(P("/old"))).Data);
    }

    [Fact]
    public async Task MultiRaw_of_a_failing_multi_gives_ok_then_the_error_then_runtime_inconsistency()
    {
        await CreateAsync(P("/exists"));
        var results = await Admin.MultiRawAsync([
            Ops.Create(P("/m1"), null, Open, CreateMode.Persistent),
            Ops.Create(P("/exists"), null, Open, CreateMode.Persistent),
            Ops.Create(P("/m2"), null, Open, CreateMode.Persistent),
        ]);
        Assert.All(results, r => Assert.Equal(OpCode.Error, r.Type));
        Assert.Equal([ErrorCode.Ok, ErrorCode.NodeExists, ErrorCode.RuntimeInconsistency], results.Select(r => r.Err));
        Assert.Null(await Admin.ExistsAsync(P("/m1")));
    }

    [Fact]
    public async Task Multi_throws_the_first_error_of_a_failing_multi()
    {
        await ThrowsKeeperAsync(ErrorCode.BadVersion, () => Admin.MultiAsync([
            Ops.Create(P("/m1"), null, Open, CreateMode.Persistent),
            Ops.Check(P("/m1"), 5),
        ]));
        Assert.Null(await Admin.ExistsAsync(P("/m1")));
    }

    [Fact]
    public async Task MultiRead_returns_data_children_and_per_op_errors()
    {
        await CreateAsync(P("/a"), "d");
        await CreateAsync(P("/a/c"));
        var results = await Admin.MultiReadAsync([
            Ops.GetData(P("/a")),
            Ops.GetChildren(P("/a")),
            Ops.GetData(P("/missing")),
        ]);
        Assert.Equal(Bytes("d"), ((GetDataResponse)results[0].Body!).Data);
        Assert.Equal(["c"], ((StringListResponse)results[1].Body!).Items);
        Assert.Equal(OpCode.Error, results[2].Type);
        Assert.Equal(ErrorCode.NoNode, results[2].Err);
    }

    [Fact]
    public async Task Multi_with_a_ttl_create_uses_createTTL()
    {
        var results = await Admin.MultiAsync([Ops.Create(P("/ttl"), null, Open, CreateMode.PersistentWithTtl, 60_000)]);
        Assert.Equal(OpCode.Create2, results[0].Type);
        Assert.NotNull(await Admin.ExistsAsync(P("/ttl")));
    }
}
