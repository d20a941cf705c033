using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tests;

public class ContainerAndTtlTests
{
    private readonly TestState _state = new();

    [Fact]
    public void Container_becomes_a_candidate_once_its_last_child_is_gone()
    {
        var s = _state.NewSession();
        _state.Create(s, "/c", mode: CreateMode.Container, op: OpCode.CreateContainer);
        Assert.Empty(ContainerReaper.Candidates(_state.Machine.Tree, _state.Wall));
        _state.Create(s, "/c/child");
        Assert.Empty(ContainerReaper.Candidates(_state.Machine.Tree, _state.Wall));
        _state.Send(s, OpCode.Delete, new DeleteRequest("/c/child", -1));
        Assert.Equal(["/c"], ContainerReaper.Candidates(_state.Machine.Tree, _state.Wall));
    }

    [Fact]
    public void Container_and_ttl_owners_are_shown_to_clients_as_zero()
    {
        var s = _state.NewSession();
        var c = (Create2Response)_state.Create(s, "/c", mode: CreateMode.Container, op: OpCode.CreateContainer).Body!;
        var t = (Create2Response)_state.Create(s, "/t", mode: CreateMode.PersistentWithTtl, op: OpCode.CreateTtl, ttl: 500).Body!;
        Assert.Equal(0, c.Stat.EphemeralOwner);
        Assert.Equal(0, t.Stat.EphemeralOwner);
    }

    [Fact]
    public void Ttl_node_is_a_candidate_after_its_ttl_without_changes()
    {
        var s = _state.NewSession();
        _state.Create(s, "/t", mode: CreateMode.PersistentWithTtl, op: OpCode.CreateTtl, ttl: 500);
        Assert.Empty(ContainerReaper.Candidates(_state.Machine.Tree, _state.Wall + 500));
        Assert.Equal(["/t"], ContainerReaper.Candidates(_state.Machine.Tree, _state.Wall + 501));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(0x10000000000)]
    public void Ttl_out_of_range_is_bad_arguments(long ttl)
    {
        var s = _state.NewSession();
        Assert.Equal(ErrorCode.BadArguments, _state.Create(s, "/t", mode: CreateMode.PersistentWithTtl, op: OpCode.CreateTtl, ttl: ttl).Err);
    }

    [Fact]
    public void Container_flag_with_plain_create_makes_a_persistent_node()
    {
        var s = _state.NewSession();
        _state.Create(s, "/p", mode: CreateMode.Container, op: OpCode.Create);
        Assert.Empty(_state.Machine.Tree.Containers);
    }
}
