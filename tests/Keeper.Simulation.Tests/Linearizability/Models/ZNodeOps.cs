namespace Keeper.Simulation.Tests.Linearizability.Models;

internal enum ZNodeOpKind
{
    /// <summary>getData (or exists): NoNode, or Ok with data and dataVersion.</summary>
    Read,

    /// <summary>setData with version -1: NoNode, or Ok with the new dataVersion.</summary>
    Write,

    /// <summary>setData with an expected version: NoNode, BadVersion, or Ok with the new dataVersion.</summary>
    CompareAndSet,

    /// <summary>create (persistent, not sequential): NodeExists, or Ok.</summary>
    Create,

    /// <summary>delete with an expected version, -1 for any: NoNode, BadVersion, or Ok.</summary>
    Delete,
}

/// <summary>The ZooKeeper result codes these operations can end with (other errors are unknown outcomes).</summary>
internal enum ZNodeCode
{
    Ok,
    NoNode,
    NodeExists,
    BadVersion,
}

/// <summary>
/// One request on one znode. Data is a string so equality is by value; a recorder turns ZooKeeper's
/// bytes into one (e.g. <c>Convert.ToHexString</c>).
/// </summary>
internal readonly record struct ZNodeInput(string Path, ZNodeOpKind Kind, string? Data = null, int ExpectedVersion = ZNodeInput.AnyVersion)
{
    /// <summary>ZooKeeper's "any version" for setData and delete.</summary>
    public const int AnyVersion = -1;

    public static ZNodeInput Read(string path) => new(path, ZNodeOpKind.Read);

    public static ZNodeInput Write(string path, string data) => new(path, ZNodeOpKind.Write, data);

    public static ZNodeInput CompareAndSet(string path, int expectedVersion, string data) =>
        new(path, ZNodeOpKind.CompareAndSet, data, expectedVersion);

    public static ZNodeInput Create(string path, string data) => new(path, ZNodeOpKind.Create, data);

    public static ZNodeInput Delete(string path, int expectedVersion = AnyVersion) =>
        new(path, ZNodeOpKind.Delete, null, expectedVersion);

    public override string ToString() => Kind switch
    {
        ZNodeOpKind.Read => $"Read({Path})",
        ZNodeOpKind.Write => $"Write({Path}, \"{Data}\")",
        ZNodeOpKind.CompareAndSet => $"CompareAndSet({Path}, v{ExpectedVersion}, \"{Data}\")",
        ZNodeOpKind.Create => $"Create({Path}, \"{Data}\")",
        _ => $"Delete({Path}, v{ExpectedVersion})",
    };
}

/// <summary>
/// A result. <see cref="Data"/> is set only for an Ok read; <see cref="Version"/> is the dataVersion an
/// Ok read saw or an Ok setData produced (its returned Stat), and ignored for create and delete.
/// </summary>
internal readonly record struct ZNodeOutput(ZNodeCode Code, string? Data = null, int Version = 0)
{
    public static ZNodeOutput Ok => new(ZNodeCode.Ok);

    public static ZNodeOutput NoNode => new(ZNodeCode.NoNode);

    public static ZNodeOutput NodeExists => new(ZNodeCode.NodeExists);

    public static ZNodeOutput BadVersion => new(ZNodeCode.BadVersion);

    public static ZNodeOutput Value(string data, int version) => new(ZNodeCode.Ok, data, version);

    public static ZNodeOutput Written(int newVersion) => new(ZNodeCode.Ok, null, newVersion);

    public override string ToString() => Code switch
    {
        ZNodeCode.Ok when Data is not null => $"Ok(\"{Data}\", v{Version})",
        ZNodeCode.Ok => $"Ok(v{Version})",
        _ => Code.ToString(),
    };
}
