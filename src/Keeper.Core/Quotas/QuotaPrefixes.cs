namespace Keeper.Core.Quotas;

/// <summary>
/// The paths that have a quota (ZooKeeper's PathTrie in DataTree), and for any path the deepest of them on
/// its way from the root. Paths are compared by their non-blank segments, as the trie splits them.
/// Empty in the common case, and then a lookup costs nothing.
/// </summary>
internal sealed class QuotaPrefixes
{
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    public int Count => _paths.Count;

    public IReadOnlyCollection<string> Paths => _paths;

    public void Add(string path)
    {
        var key = Normalise(path);
        if (key != "/") _paths.Add(key);
    }

    public void Remove(string path) => _paths.Remove(Normalise(path));

    public void Clear() => _paths.Clear();

    /// <summary>
    /// DataTree.getMaxPrefixWithQuota: the deepest path with a quota that <paramref name="path"/> is in or
    /// under, or null (a quota on the root is never one).
    /// </summary>
    public string? MaxPrefix(string path)
    {
        if (_paths.Count == 0) return null;
        string? deepest = null;
        var prefix = new System.Text.StringBuilder(path.Length + 1);
        foreach (var segment in Segments(path))
        {
            prefix.Append('/').Append(segment);
            var candidate = prefix.ToString();
            if (_paths.Contains(candidate)) deepest = candidate;
        }
        return deepest;
    }

    private static string Normalise(string path) => "/" + string.Join('/', Segments(path));

    private static IEnumerable<string> Segments(string path) =>
        path.Split('/').Where(s => !IsBlank(s));

    /// <summary>Java's <c>s.trim().isEmpty()</c>: nothing but characters up to U+0020.</summary>
    private static bool IsBlank(string s)
    {
        foreach (char c in s)
        {
            if (c > ' ') return false;
        }
        return true;
    }
}
