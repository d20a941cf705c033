namespace Keeper.Core.Tree;

public sealed partial class DataTree
{
    public const string ConfigPath = "/zookeeper/config";

    /// <summary>
    /// Writes the ensemble's membership into <c>/zookeeper/config</c> outside any txn, as ZooKeeper's
    /// <c>ZKDatabase.initConfigInZKDatabase</c> does when a quorum peer starts and after it syncs: the data is the
    /// membership text, mzxid is the config version, the data version is -1, and data watches fire.
    /// </summary>
    public void SetConfigNode(byte[] data, long version, long wallTimeMs)
    {
        var node = _nodes[ConfigPath];
        ApproximateDataSize += data.Length - (node.Data?.Length ?? 0);
        node.Data = data;
        node.Version = -1;
        node.Mzxid = version;
        node.Mtime = wallTimeMs;
        DataWatches.Trigger(ConfigPath, Protocol.EventType.NodeDataChanged, version, AclOf(node));
    }
}
