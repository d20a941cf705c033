using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tests;

public class TreeStatTests
{
    private readonly TestState _state = new();

    [Fact]
    public void Fresh_tree_has_zookeeper_system_nodes_and_counts_five_nodes()
    {
        var s = _state.NewSession();
        Assert.Equal(5, _state.Machine.Tree.NodeCount);
        var root = _state.StatOf(s, "/");
        Assert.Equal(-1, root.Cversion);
        Assert.Equal(1, root.NumChildren);
        Assert.Equal(-2, _state.StatOf(s, "/zookeeper").Cversion);
        Assert.Equal(-1, _state.StatOf(s, "/zookeeper/config").Aversion);
    }

    [Fact]
    public void Session_creation_takes_zxid_one_and_first_create_takes_two()
    {
        var s = _state.NewSession();
        var reply = _state.Create(s, "/hello", "world"u8.ToArray());
        var created = (Create2Response)reply.Body!;
        Assert.Equal(2, created.Stat.Czxid);
        Assert.Equal(2, created.Stat.Mzxid);
        Assert.Equal(2, created.Stat.Pzxid);
        Assert.Equal(5, created.Stat.DataLength);
        Assert.Equal(_state.Wall, created.Stat.Ctime);
    }

    [Fact]
    public void Cversion_shown_to_clients_counts_child_creates_and_deletes()
    {
        var s = _state.NewSession();
        _state.Create(s, "/a");
        _state.Create(s, "/a/x-", mode: CreateMode.PersistentSequential);
        _state.Create(s, "/a/x-", mode: CreateMode.PersistentSequential);
        _state.Send(s, OpCode.Delete, new DeleteRequest("/a/x-0000000000", -1));
        var reply = _state.Create(s, "/a/x-", mode: CreateMode.PersistentSequential);
        Assert.Equal("/a/x-0000000002", ((Create2Response)reply.Body!).Path);
        var stat = _state.StatOf(s, "/a");
        Assert.Equal(4, stat.Cversion);
        Assert.Equal(2, stat.NumChildren);
    }

    [Fact]
    public void Delete_moves_parent_pzxid_but_not_mzxid()
    {
        var s = _state.NewSession();
        _state.Create(s, "/p");
        _state.Create(s, "/p/c");
        _state.Send(s, OpCode.Delete, new DeleteRequest("/p/c", -1));
        var stat = _state.StatOf(s, "/p");
        Assert.Equal(_state.Machine.LastProcessedZxid, stat.Pzxid);
        Assert.Equal(2, stat.Mzxid);
    }

    [Fact]
    public void SetData_bumps_version_and_mzxid_and_setAcl_bumps_aversion_only()
    {
        var s = _state.NewSession();
        _state.Create(s, "/n", [1]);
        var set = (StatResponse)_state.Send(s, OpCode.SetData, new SetDataRequest("/n", [1, 2], 0)).Body!;
        Assert.Equal(1, set.Stat.Version);
        Assert.Equal(3, set.Stat.Mzxid);
        var acl = (StatResponse)_state.Send(s, OpCode.SetAcl, new SetAclRequest("/n", Acls.ReadAclUnsafe, -1)).Body!;
        Assert.Equal(1, acl.Stat.Aversion);
        Assert.Equal(3, acl.Stat.Mzxid);
    }

    [Fact]
    public void Sequence_suffix_is_ten_digits_with_the_sign_inside_the_width()
    {
        Assert.Equal("0000000007", Requests.RequestPreparer.SequenceSuffix(7));
        Assert.Equal("-000000001", Requests.RequestPreparer.SequenceSuffix(-1));
    }

    [Fact]
    public void Failed_write_still_uses_a_zxid()
    {
        var s = _state.NewSession();
        _state.Create(s, "/a");
        long before = _state.Machine.LastProcessedZxid;
        var reply = _state.Create(s, "/a");
        Assert.Equal(ErrorCode.NodeExists, reply.Err);
        Assert.Equal(before + 1, _state.Machine.LastProcessedZxid);
    }

    [Fact]
    public void GetAllChildrenNumber_of_root_counts_every_node_below_it()
    {
        var s = _state.NewSession();
        var reply = _state.Send(s, OpCode.GetAllChildrenNumber, new PathRecord("/"));
        Assert.Equal(3, ((GetAllChildrenNumberResponse)reply.Body!).TotalNumber);
        _state.Create(s, "/a");
        _state.Create(s, "/a/b");
        reply = _state.Send(s, OpCode.GetAllChildrenNumber, new PathRecord("/a"));
        Assert.Equal(1, ((GetAllChildrenNumberResponse)reply.Body!).TotalNumber);
    }
}
