using Keeper.Server.Config;
using Keeper.Storage.Layout;

namespace Keeper.Server.Reconfig;

/// <summary>
/// zoo.cfg rewritten when the membership moves to a dynamic config file, as <c>QuorumPeerConfig.editStaticConfig</c>
/// and <c>backupOldConfig</c> do: the old file is kept as <c>zoo.cfg.bak</c> at start-up, and on every new version the
/// <c>server.N</c>, <c>group</c>, <c>weight</c>, <c>peerType</c> and <c>dynamicConfigFile</c> keys (and the client
/// port keys when the server's own line carries its client address) leave zoo.cfg, which then points at the new file.
/// Unlike Apache, which rewrites the keys in hash order and drops comments, the other lines keep their order and text.
/// </summary>
internal static class StaticConfigFile
{
    public static void Backup(string configPath) => AtomicFile.Write(configPath + ".bak", File.ReadAllText(configPath));

    /// <summary>Writes the dynamic file of <paramref name="membership"/> and points zoo.cfg at it.</summary>
    public static string WriteDynamic(string configPath, Membership membership, long myId)
    {
        var dynamicPath = Path.GetFullPath(DynamicConfigFile.NameFor(configPath, membership.Version));
        AtomicFile.Write(dynamicPath, membership.ToDynamicFileText());
        bool eraseClient = membership.Find(myId)?.ClientPort is not null;
        AtomicFile.Write(configPath, Edit(File.ReadAllText(configPath), dynamicPath, eraseClient));
        return dynamicPath;
    }

    /// <summary><c>zoo.cfg.dynamic.next</c>: the last proposed membership, version included (QuorumPeer.setLastSeenQuorumVerifier).</summary>
    public static string NextFileName(string configPath) => configPath + ".dynamic.next";

    public static void WriteNext(string configPath, Membership proposed) =>
        AtomicFile.Write(NextFileName(configPath), proposed.ToNextFileText());

    public static void DeleteNext(string configPath)
    {
        try
        {
            File.Delete(NextFileName(configPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Harmless: only an Apache server started on this data reads it, and it checks the version.
        }
    }

    internal static string Edit(string text, string dynamicPath, bool eraseClientPort)
    {
        var kept = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var key = KeyOf(line);
            bool drop = key is not null && (key.StartsWith("server.", StringComparison.Ordinal)
                || key.StartsWith("group", StringComparison.Ordinal) || key.StartsWith("weight", StringComparison.Ordinal)
                || key.StartsWith(DynamicConfigFile.Key, StringComparison.Ordinal) || key.StartsWith("peerType", StringComparison.Ordinal)
                || (eraseClientPort && key.StartsWith("clientPort", StringComparison.Ordinal)));
            if (!drop && line.Length > 0) kept.Add(line);
        }

        kept.Add(DynamicConfigFile.Key + "=" + dynamicPath);
        return string.Join('\n', kept) + "\n";
    }

    // A properties line's key: text before the first '=' or ':', or null for comments and blank lines.
    private static string? KeyOf(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.Length == 0 || trimmed[0] is '#' or '!') return null;
        var end = trimmed.IndexOfAny(['=', ':', ' ', '\t']);
        return end < 0 ? trimmed.TrimEnd() : trimmed[..end];
    }
}
