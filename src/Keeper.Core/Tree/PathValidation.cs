namespace Keeper.Core.Tree;

/// <summary>ZooKeeper's PathUtils.validatePath rules; a bad path is BadArguments.</summary>
public static class PathValidation
{
    public static bool IsValid(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/') return false;
        if (path.Length == 1) return true;
        if (path[^1] == '/') return false;
        char previous = '/';
        for (int i = 1; i < path.Length; i++)
        {
            char c = path[i];
            if (c == 0) return false;
            if (c == '/' && previous == '/') return false; // empty segment
            if (c == '.' && previous == '.' && path[i - 2] == '/' && (i + 1 == path.Length || path[i + 1] == '/'))
                return false; // ".." segment
            if (c == '.' && previous == '/' && (i + 1 == path.Length || path[i + 1] == '/'))
                return false; // "." segment
            if (c is > '\u0000' and <= '\u001f' or >= '\u007f' and <= '\u009f' or >= '\ud800' and <= '\uf8ff' or >= '\ufff0')
                return false;
            previous = c;
        }
        return true;
    }

    /// <summary>The parent of a path as ZooKeeper computes it: "/a" has parent "", which is the root.</summary>
    public static string ParentOf(string path)
    {
        int lastSlash = path.LastIndexOf('/');
        return lastSlash <= 0 ? "/" : path[..lastSlash];
    }

    public static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>Nodes clients may never delete.</summary>
    public static bool IsSystemPath(string path) =>
        path is "/" or "/zookeeper" or "/zookeeper/quota" or "/zookeeper/config";
}
