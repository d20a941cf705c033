namespace Keeper.Client.Watches;

/// <summary>A path and each of its ancestors up to "/" (Java's PathParentIterator.forAll).</summary>
internal static class PathParents
{
    public static IEnumerable<string> SelfAndAncestors(string path)
    {
        string current = path;
        while (true)
        {
            yield return current;
            if (current.Length <= 1) yield break;
            int slash = current.LastIndexOf('/');
            if (slash < 0) yield break;
            current = slash == 0 ? "/" : current[..slash];
        }
    }
}
