using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Watches;

/// <summary>
/// Whoever registered a watch: in the server, a client connection. The tree calls <see cref="Process"/>
/// synchronously while it applies a txn, before the reply to that txn is built, which is what puts a
/// watch event ahead of the reply that reveals the change.
/// </summary>
public interface IWatcher
{
    /// <summary>The identities of the watcher's session: a change is only told to watchers that may read the node.</summary>
    IReadOnlyList<Id> AuthIds { get; }

    void Process(EventType type, string path, long zxid);
}
