namespace Keeper.Core.Tree;

/// <summary>
/// Bytes read and written per top-level namespace ("/app/x" counts under "app"), as ZooKeeper's
/// READ_PER_NAMESPACE / WRITE_PER_NAMESPACE summary sets record them for mntr. A read counts the path,
/// the payload and the 68-byte stat; a write counts the path and the data.
/// </summary>
public sealed class NamespaceStats
{
    private const int StatOverheadBytes = 6 * 8 + 5 * 4;

    private readonly Dictionary<string, Summary> _reads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Summary> _writes = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Summary> Reads => _reads;
    public IReadOnlyDictionary<string, Summary> Writes => _writes;

    public void Read(string path, long bytes) => Add(_reads, path, path.Length + bytes + StatOverheadBytes);
    public void Write(string path, long bytes) => Add(_writes, path, path.Length + bytes);

    // Every read and write counts here: the namespace is looked up as a span of the path, so only the first
    // request of a namespace allocates its name.
    private static void Add(Dictionary<string, Summary> table, string path, long value)
    {
        if (!TryTopNamespace(path, out var ns)) return;
        var byName = table.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!byName.TryGetValue(ns, out var summary)) byName[ns] = summary = new Summary();
        summary.Add(value);
    }

    /// <summary>Java's path.split("/")[1]: none for "/" and for paths without a first segment.</summary>
    private static bool TryTopNamespace(string path, out ReadOnlySpan<char> ns)
    {
        ns = default;
        if (path.Length < 2 || path[0] != '/') return false;
        int end = path.IndexOf('/', 1);
        ns = end < 0 ? path.AsSpan(1) : path.AsSpan(1, end - 1);
        return true;
    }

    public sealed class Summary
    {
        public long Count { get; private set; }
        public long Sum { get; private set; }
        public long Min { get; private set; } = long.MaxValue;
        public long Max { get; private set; } = long.MinValue;

        public void Add(long value)
        {
            Count++;
            Sum += value;
            if (value < Min) Min = value;
            if (value > Max) Max = value;
        }
    }
}
