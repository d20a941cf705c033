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

    private static void Add(Dictionary<string, Summary> table, string path, long value)
    {
        if (TopNamespace(path) is not { } ns) return;
        if (!table.TryGetValue(ns, out var summary)) table[ns] = summary = new Summary();
        summary.Add(value);
    }

    /// <summary>Java's path.split("/")[1]: null for "/" and for paths without a first segment.</summary>
    private static string? TopNamespace(string path)
    {
        if (path.Length < 2 || path[0] != '/') return null;
        int end = path.IndexOf('/', 1);
        return end < 0 ? path[1..] : path[1..end];
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
