namespace Keeper.Simulation.Tests.Linearizability.Models;

/// <summary>One znode: absent, or present with data and dataVersion.</summary>
internal readonly record struct ZNodeState(bool Exists, string? Data, int Version)
{
    public static ZNodeState Absent => new(false, null, 0);

    public override string ToString() => Exists ? $"\"{Data}\" v{Version}" : "absent";
}

/// <summary>
/// A versioned register per znode path, exact about ZooKeeper's rules: a create starts dataVersion at 0,
/// each successful setData adds 1, delete and recreate start again at 0; an operation on a missing node is
/// NoNode before any version is compared (PrepRequestProcessor looks the node up first); -1 matches any
/// version. Paths are independent (no parent/child rules: a create's parent is assumed to exist and a delete
/// never fails NotEmpty), so histories are partitioned by path.
/// </summary>
internal sealed class ZNodeModel : IModel<ZNodeState, ZNodeInput, ZNodeOutput>
{
    public static ZNodeModel Instance { get; } = new();

    public ZNodeState Init() => ZNodeState.Absent;

    public (bool Ok, ZNodeState Next) Step(ZNodeState state, ZNodeInput input, ZNodeOutput output)
    {
        var (expected, next) = Apply(state, input);
        return (Matches(input.Kind, expected, output), next);
    }

    public ZNodeState StepUnobserved(ZNodeState state, ZNodeInput input) => Apply(state, input).Next;

    public bool StateEquals(ZNodeState a, ZNodeState b) => a == b;

    public int StateHash(ZNodeState state) => state.GetHashCode();

    public bool IsReadOnly(ZNodeInput input) => input.Kind == ZNodeOpKind.Read;

    public IReadOnlyList<IReadOnlyList<int>> Partition(IReadOnlyList<Operation<ZNodeInput, ZNodeOutput>> history) =>
        Partitions.ByKey(history, input => input.Path);

    /// <summary>
    /// Data no read returned is unobservable — setData and create answer no data — so every such value
    /// becomes one placeholder (chosen unlike any value read). States that differ only in unread data then
    /// compare equal, and lost writes of unread data become interchangeable twins.
    /// </summary>
    public IReadOnlyList<Operation<ZNodeInput, ZNodeOutput>> Canonicalize(IReadOnlyList<Operation<ZNodeInput, ZNodeOutput>> subHistory)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in subHistory)
        {
            if (op.OutcomeKnown && op.Input.Kind == ZNodeOpKind.Read && op.Output.Data is { } data)
                read.Add(data);
        }
        var placeholder = "(data never read)";
        for (var i = 0; read.Contains(placeholder) && i < 1000; i++)
            placeholder = $"(data never read {i})";
        if (read.Contains(placeholder))
            return subHistory;

        var canonical = new Operation<ZNodeInput, ZNodeOutput>[subHistory.Count];
        for (var i = 0; i < canonical.Length; i++)
        {
            var op = subHistory[i];
            canonical[i] = op.Input.Data is { } data && !read.Contains(data)
                ? op with { Input = op.Input with { Data = placeholder } }
                : op;
        }
        return canonical;
    }

    /// <summary>What the server answers and the node afterwards.</summary>
    private static (ZNodeOutput Expected, ZNodeState Next) Apply(ZNodeState s, ZNodeInput input)
    {
        switch (input.Kind)
        {
            case ZNodeOpKind.Read:
                return (s.Exists ? ZNodeOutput.Value(s.Data!, s.Version) : ZNodeOutput.NoNode, s);
            case ZNodeOpKind.Write:
            case ZNodeOpKind.CompareAndSet:
                if (!s.Exists)
                    return (ZNodeOutput.NoNode, s);
                if (!VersionMatches(input.ExpectedVersion, s.Version))
                    return (ZNodeOutput.BadVersion, s);
                return (ZNodeOutput.Written(s.Version + 1), new ZNodeState(true, input.Data, s.Version + 1));
            case ZNodeOpKind.Create:
                return s.Exists ? (ZNodeOutput.NodeExists, s) : (ZNodeOutput.Ok, new ZNodeState(true, input.Data, 0));
            case ZNodeOpKind.Delete:
                if (!s.Exists)
                    return (ZNodeOutput.NoNode, s);
                if (!VersionMatches(input.ExpectedVersion, s.Version))
                    return (ZNodeOutput.BadVersion, s);
                return (ZNodeOutput.Ok, ZNodeState.Absent);
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input.Kind, null);
        }
    }

    private static bool VersionMatches(int expected, int actual) => expected == ZNodeInput.AnyVersion || expected == actual;

    /// <summary>Create and delete answer only a code; reads and setData also carry what they saw or made.</summary>
    private static bool Matches(ZNodeOpKind kind, ZNodeOutput expected, ZNodeOutput actual)
    {
        if (expected.Code != actual.Code)
            return false;
        if (expected.Code != ZNodeCode.Ok || kind is ZNodeOpKind.Create or ZNodeOpKind.Delete)
            return true;
        return expected.Version == actual.Version && (kind != ZNodeOpKind.Read || expected.Data == actual.Data);
    }
}
