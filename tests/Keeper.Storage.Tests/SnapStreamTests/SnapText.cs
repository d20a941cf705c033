using System.Text;
using Keeper.Core.Tree;
using Keeper.Storage.Digest;

namespace Keeper.Storage.Tests.SnapStreamTests;

/// <summary>
/// A tree, its sessions and its digest as SnapStreamApache.java prints an Apache DataTree, line for line, so
/// one comparison covers every node (path, data, ACL list, stored stat), the ephemeral, container and TTL
/// indexes, the sessions and the digest.
/// </summary>
internal static class SnapText
{
    public static string Of(DataTree tree, IReadOnlyDictionary<long, int> sessions)
    {
        var text = new StringBuilder();
        foreach (var (path, node) in tree.Nodes.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            text.Append("node ").Append(path)
                .Append(" data=").Append(node.Data is null ? "null" : Convert.ToHexString(node.Data).ToLowerInvariant())
                .Append(" acl=").Append(string.Join(",", tree.AclOf(node).Select(a => $"{(int)a.Perms}:{a.Id.Scheme}:{a.Id.Identity}")))
                .Append($" stat={node.Czxid:x},{node.Mzxid:x},{node.Pzxid:x},{node.Ctime},{node.Mtime}")
                .Append($",{node.Version},{node.Cversion},{node.Aversion},{node.EphemeralOwner:x}\n");
        }
        foreach (var (owner, paths) in tree.AllEphemerals.Where(e => e.Value.Count > 0).OrderBy(e => e.Key))
            text.Append($"ephemerals {owner:x} ").Append(string.Join(",", paths.OrderBy(p => p, StringComparer.Ordinal))).Append('\n');
        text.Append("containers ").Append(string.Join(",", tree.Containers.OrderBy(p => p, StringComparer.Ordinal))).Append('\n');
        text.Append("ttls ").Append(string.Join(",", tree.Ttls.OrderBy(p => p, StringComparer.Ordinal))).Append('\n');
        foreach (var (id, timeout) in sessions.OrderBy(s => s.Key)) text.Append($"session {id:x} {timeout}\n");
        text.Append($"digest {DigestCalculator.Compute(tree):x}\n");
        return text.ToString();
    }
}
