using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Tests;

/// <summary>Which error wins when several apply: the order of PrepRequestProcessor's checks.</summary>
public class ErrorOrderTests
{
    private readonly TestState _state = new(extendedTypes: false);

    [Theory]
    [InlineData("/missing/child", ErrorCode.NoNode)]
    [InlineData("noslash", ErrorCode.BadArguments)]
    [InlineData("/a/", ErrorCode.BadArguments)]
    [InlineData("/a/./b", ErrorCode.NoNode)] // the parent "/a/." is looked up before the full path is validated
    [InlineData("/", ErrorCode.NodeExists)]
    public void Create_errors(string path, ErrorCode expected)
    {
        var s = _state.NewSession();
        _state.Create(s, "/a");
        Assert.Equal(expected, _state.Create(s, path).Err);
    }

    [Fact]
    public void Invalid_flags_are_bad_arguments_and_ttl_modes_are_unimplemented_when_extended_types_are_off()
    {
        var s = _state.NewSession();
        Assert.Equal(ErrorCode.BadArguments, _state.Send(s, OpCode.Create, new CreateRequest("/x", null, Acls.OpenAclUnsafe, 9)).Err);
        Assert.Equal(ErrorCode.Unimplemented, _state.Create(s, "/x", mode: CreateMode.PersistentWithTtl, op: OpCode.CreateTtl, ttl: 100).Err);
    }

    [Fact]
    public void Children_of_an_ephemeral_are_refused()
    {
        var s = _state.NewSession();
        _state.Create(s, "/e", mode: CreateMode.Ephemeral);
        Assert.Equal(ErrorCode.NoChildrenForEphemerals, _state.Create(s, "/e/c").Err);
    }

    [Fact]
    public void Delete_checks_version_before_children()
    {
        var s = _state.NewSession();
        _state.Create(s, "/a");
        _state.Create(s, "/a/b");
        Assert.Equal(ErrorCode.BadVersion, _state.Send(s, OpCode.Delete, new DeleteRequest("/a", 5)).Err);
        Assert.Equal(ErrorCode.NotEmpty, _state.Send(s, OpCode.Delete, new DeleteRequest("/a", -1)).Err);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/zookeeper")]
    [InlineData("/zookeeper/quota")]
    [InlineData("/zookeeper/config")]
    public void System_nodes_cannot_be_deleted(string path)
    {
        var s = _state.NewSession();
        Assert.Equal(ErrorCode.BadArguments, _state.Send(s, OpCode.Delete, new DeleteRequest(path, -1)).Err);
    }

    [Fact]
    public void Empty_acl_is_invalid()
    {
        var s = _state.NewSession();
        Assert.Equal(ErrorCode.InvalidAcl, _state.Create(s, "/x", acl: []).Err);
    }

    [Fact]
    public void Auth_acl_without_an_authenticated_id_is_invalid()
    {
        var s = _state.NewSession();
        Assert.Equal(ErrorCode.InvalidAcl, _state.Create(s, "/x", acl: Acls.CreatorAllAcl).Err);
    }
}
