using Keeper.Protocol;

namespace Keeper.Core.Watches;

/// <summary>
/// Whoever registered a watch: in the server, a client connection. The tree calls <see cref="Process"/>
/// synchronously while it applies a txn, before the reply to that txn is built, which is what puts a
/// watch event ahead of the reply that reveals the change.
/// </summary>
public interface IWatcher
{
    void Process(EventType type, string path, long zxid);
}
