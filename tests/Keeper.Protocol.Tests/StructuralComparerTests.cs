using Keeper.Protocol.Records;
using Keeper.Protocol.Tests.Support;

namespace Keeper.Protocol.Tests;

/// <summary>The round-trip tests are only as strict as their comparer: it must see content, null and nesting.</summary>
public class StructuralComparerTests
{
    [Fact]
    public void Comparer_sees_different_buffer_contents()
    {
        Assert.NotNull(Structural.FindDifference(new SaslRecord([1, 2]), new SaslRecord([1, 3]), "v"));
    }

    [Fact]
    public void Comparer_accepts_equal_buffer_contents_in_different_arrays()
    {
        Assert.Null(Structural.FindDifference(new SaslRecord([1, 2]), new SaslRecord([1, 2]), "v"));
    }

    [Fact]
    public void Comparer_keeps_null_and_empty_buffers_apart()
    {
        Assert.NotNull(Structural.FindDifference(new SaslRecord(null), new SaslRecord([]), "v"));
    }

    [Fact]
    public void Comparer_sees_a_difference_deep_inside_a_nested_record()
    {
        var a = new GetAclResponse([new Acl(Perms.All, new Id("world", "anyone"))], RecordSamples.Stat);
        var b = new GetAclResponse([new Acl(Perms.All, new Id("world", "anyonE"))], RecordSamples.Stat);
        Assert.Contains("Identity", Structural.FindDifference(a, b, "v"));
    }

    [Fact]
    public void Comparer_sees_a_different_record_type_behind_the_same_interface()
    {
        var a = new MultiOp(OpCode.Delete, new DeleteRequest("/a", 1));
        var b = new MultiOp(OpCode.Delete, new CheckVersionRequest("/a", 1));
        Assert.NotNull(Structural.FindDifference(a, b, "v"));
    }
}
