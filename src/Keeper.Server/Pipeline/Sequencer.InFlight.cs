using Keeper.Core.Requests;
using Keeper.Server.Network;

namespace Keeper.Server.Pipeline;

/// <summary>
/// Txns between preparation and application. A txn is prepared (zxid assigned, checked against pending
/// changes), appended to the log, and applied only once the log says it is durable; then its reply goes
/// out. Requests of a connection that arrive behind one of its unapplied writes are held in the
/// connection's Deferred queue so its replies stay in order and its reads see its own writes.
/// </summary>
internal sealed partial class Sequencer
{
    /// <summary>Who waits for a txn: one of our clients, our session bookkeeping, or nobody here (Remote: a learner's client).</summary>
    private enum Origin { ClientWrite, CreateSession, ClientClose, Expiry, Internal, Remote }

    private sealed record InFlight(Txn Txn, Origin Origin, ClientConnection? Connection, RequestCommand? Request, int Timeout);

    private readonly Queue<InFlight> _inFlight = new();

    /// <summary>Writes waiting for the disk plus requests held behind them (srvr's "Outstanding").</summary>
    public int Outstanding => _inFlight.Count;

    private void Submit(InFlight entry)
    {
        _inFlight.Enqueue(entry);
        if (entry.Connection is { } connection) connection.LastWriteZxid = entry.Txn.Header.Zxid;
        if (Quorum is { } quorum) quorum.Propose(entry.Txn);
        else _log.Append(entry.Txn);
    }

    /// <summary>The log made everything up to a zxid durable: standalone, that commits it; in an ensemble it is our ack.</summary>
    private void HandleDurable(DurableCommand durable)
    {
        if (Quorum is { } quorum) quorum.Logged(durable);
        else ApplyThrough(durable.UpToZxid);
    }

    /// <summary>Applies the prepared txns up to <paramref name="upToZxid"/> in order and answers whoever waits for them.</summary>
    private void ApplyThrough(long upToZxid)
    {
        while (_inFlight.Count > 0 && _inFlight.Peek().Txn.Header.Zxid <= upToZxid)
        {
            var entry = _inFlight.Dequeue();
            var result = State.Apply(entry.Txn, Now);
            Completed(entry, result);
            if (entry.Connection is { } connection) Release(connection);
        }
    }

    private void Completed(InFlight entry, Core.Tree.TxnResult result)
    {
        var connection = entry.Connection;
        switch (entry.Origin)
        {
            case Origin.ClientWrite:
                Complete(entry.Request!, WriteReplies.For(entry.Request!.Header.Type, result), OpNames.Short(entry.Request.Header.Type));
                break;
            case Origin.CreateSession:
                if (connection is null || connection.IsClosing) break; // its client left; the session will expire
                Attach(connection, entry.Txn.Header.ClientId, entry.Timeout);
                Log.Info($"Established session 0x{entry.Txn.Header.ClientId:x} with negotiated timeout {entry.Timeout} for client {connection.RemoteText}");
                break;
            case Origin.ClientClose:
                Complete(entry.Request!, new Reply(Protocol.ErrorCode.Ok, null), "CLOS");
                connection!.CloseAfterFlush();
                break;
            case Origin.Expiry:
                // ZooKeeper closes an expired session's socket without a word; the client learns on reconnect.
                connection?.Close();
                break;
        }
    }

    /// <summary>Runs what a connection held back, up to its next write that is not applied yet.</summary>
    private void Release(ClientConnection connection)
    {
        while (connection.Deferred.Count > 0 && !connection.IsClosing)
        {
            var next = connection.Deferred.Peek();
            if (MustWait(connection, next, ignoreQueue: true)) return;
            connection.Deferred.Dequeue();
            Dispatch(next);
        }
    }

    /// <summary>Whether a request must queue behind earlier work of its connection.</summary>
    private bool MustWait(ClientConnection connection, RequestCommand request, bool ignoreQueue)
    {
        if (!ignoreQueue && connection.Deferred.Count > 0) return true;
        if (connection.SessionId == 0) return true; // the session is still being created
        // A local session's close makes no txn: like a read, it waits until the connection's writes are answered.
        bool isWrite = Request.IsWriteType(request.Header.Type)
            && !(request.Header.Type == Protocol.OpCode.CloseSession && IsLocalSession(connection.SessionId));
        if (connection.ForwardedPending > 0) return !isWrite;
        return !isWrite && connection.LastWriteZxid > State.LastProcessedZxid;
    }
}
