using Keeper.Core.Tree;
using Keeper.Storage.Log;

namespace Keeper.Storage.Recovery;

/// <summary>The state a data dir holds: the tree, the sessions, and the last zxid applied.</summary>
public sealed class RecoveryResult
{
    internal RecoveryResult(DataTree tree, Dictionary<long, int> sessions, long lastZxid, string? snapshot,
        long snapshotZxid, int txnsReplayed, TornTail? truncatedTail, IReadOnlyList<RecoveryMessage> messages)
    {
        Tree = tree;
        Sessions = sessions;
        LastZxid = lastZxid;
        Snapshot = snapshot;
        SnapshotZxid = snapshotZxid;
        TxnsReplayed = txnsReplayed;
        TruncatedTail = truncatedTail;
        Messages = messages;
    }

    /// <summary>The tree; its LastProcessedZxid equals <see cref="LastZxid"/>.</summary>
    public DataTree Tree { get; }

    /// <summary>Session id to timeout: the snapshot's sessions plus createSessions minus closeSessions replayed.</summary>
    public Dictionary<long, int> Sessions { get; }

    /// <summary>
    /// The last zxid applied: the snapshot's, or the last replayed txn's; 0 for a new empty database; -1 for an
    /// empty database that is not trusted (no snapshot, no logs, autocreate off and no initialize file).
    /// </summary>
    public long LastZxid { get; }

    /// <summary>The snapshot the state was built from; null when there was none (or snapshot.0 was just made).</summary>
    public string? Snapshot { get; }

    public long SnapshotZxid { get; }
    public int TxnsReplayed { get; }

    /// <summary>The torn end of the newest log that was cut off, if there was one.</summary>
    public TornTail? TruncatedTail { get; }

    /// <summary>Every warning and note, in order (also sent to <see cref="RecoveryOptions.Log"/>).</summary>
    public IReadOnlyList<RecoveryMessage> Messages { get; }

    public IEnumerable<string> Warnings =>
        Messages.Where(m => m.Severity == RecoverySeverity.Warning).Select(m => m.Text);
}

/// <summary>
/// The data dir cannot be turned into a state that is sure to be complete. The message names the file,
/// the offset when there is one, and what the operator can do. No log or snapshot was modified.
/// </summary>
public sealed class RecoveryException : IOException
{
    public RecoveryException(string message, Exception? inner = null) : base(message, inner) { }
}
