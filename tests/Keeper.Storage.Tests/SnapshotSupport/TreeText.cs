using System.Text;
using Keeper.Core.Tree;

namespace Keeper.Storage.Tests.SnapshotSupport;

/// <summary>
/// A tree as text, every node with its data, ACL list (not its key: keys are local), stored stat and
/// children, then the ephemeral/container/TTL indexes and the ACL cache size, so two trees can be compared
/// with one Assert.Equal that shows the first difference.
/// </summary>
internal static class TreeText
{
    public static string Of(DataTree tree)
    {
        var text = new StringBuilder();
        foreach (var (path, node) in tree.Nodes.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            text.Append(path)
                .Append(" data=").Append(node.Data is null ? "null" : "[" + Convert.ToHexString(node.Data) + "]")
                .Append(" acl=").Append(string.Join(",", tree.AclOf(node).Select(a => $"{(int)a.Perms}:{a.Id.Scheme}:{a.Id.Identity}")))
                .Append($" czxid={node.Czxid:x} mzxid={node.Mzxid:x} pzxid={node.Pzxid:x} ctime={node.Ctime} mtime={node.Mtime}")
                .Append($" v={node.Version} cv={node.Cversion} av={node.Aversion} owner={node.EphemeralOwner:x}")
                .Append(" children=").Append(string.Join(",", node.Children.OrderBy(c => c, StringComparer.Ordinal)))
                .Append('\n');
        }
        foreach (var (session, paths) in tree.AllEphemerals.Where(e => e.Value.Count > 0).OrderBy(e => e.Key))
            text.Append($"ephemerals {session:x}: ").Append(string.Join(",", paths.OrderBy(p => p, StringComparer.Ordinal))).Append('\n');
        text.Append("containers: ").Append(string.Join(",", tree.Containers.OrderBy(p => p, StringComparer.Ordinal))).Append('\n');
        text.Append("ttls: ").Append(string.Join(",", tree.Ttls.OrderBy(p => p, StringComparer.Ordinal))).Append('\n');
        text.Append($"acl cache entries: {tree.Acls.Count}\n");
        text.Append($"node count: {tree.NodeCount}, approximate data size: {tree.ApproximateDataSize}\n");
        return text.ToString();
    }

    public static string Of(IReadOnlyDictionary<long, int> sessions) =>
        string.Join(",", sessions.OrderBy(s => s.Key).Select(s => $"{s.Key:x}:{s.Value}"));
}
