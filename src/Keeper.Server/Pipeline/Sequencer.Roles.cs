using Keeper.Core;
using Keeper.Core.Requests;
using Keeper.Server.Network;

namespace Keeper.Server.Pipeline;

/// <summary>
/// Role changes in an ensemble: starting to serve, ending a role (which clients go, which are held through
/// the election), and taking over a state rebuilt from disk or sent by the leader.
/// </summary>
internal sealed partial class Sequencer
{
    /// <summary>A new epoch with us leading (<paramref name="leading"/>) or following: start taking clients.</summary>
    public void StartServing(long epoch, bool leading)
    {
        if (leading) State.StartEpoch(epoch, Now);
        _nextReapAt = Now + _options.ContainerCheckIntervalMs;
        ReleaseHeldClients();
    }

    /// <summary>
    /// The role is over. Clients whose requests were in flight go (their outcome is unknown: ZooKeeper closes
    /// every client here); idle clients are held, with their new requests queued, for up to
    /// <see cref="HoldWhileNotServingMs"/> — a leader that hands over on SIGTERM leaves nothing in flight,
    /// so a rolling restart costs its clients no failed operation. What we logged but never saw committed is
    /// applied, so the state matches the log: Zab treats a server's whole log as its history when the next
    /// leader is chosen and syncs it.
    /// </summary>
    public void EndRole(IEnumerable<Txn> loggedUncommitted, bool leaderRetired = false)
    {
        // A retiring leader committed everything it accepted and dropped the rest: what it never answered
        // is run again once a role serves (forwarded to the next leader, or prepared here if we lead).
        if (leaderRetired) RequeueForwarded();
        var busy = new HashSet<ClientConnection>();
        foreach (var (connection, _) in _pendingSessions.Values) busy.Add(connection);
        foreach (var queue in _forwarded.Values) foreach (var command in queue) busy.Add(command.Connection);
        foreach (var command in _pendingSyncs) busy.Add(command.Connection);
        foreach (var entry in _inFlight) if (entry.Connection is { } c) busy.Add(c);
        foreach (var connection in busy)
        {
            if (connection.SessionId != 0) _connectionBySession.Remove(connection.SessionId);
            State.Tree.RemoveWatcher(connection);
            connection.Close();
        }
        _pendingSessions.Clear();
        DropUpgrades();
        _forwarded.Clear();
        _pendingSyncs.Clear();
        while (_inFlight.Count > 0) State.Apply(_inFlight.Dequeue().Txn, Now);
        foreach (var txn in loggedUncommitted) State.Apply(txn, Now);
        _snapshots?.Abandon();
        _notServingSince = Now;
    }

    private void RequeueForwarded()
    {
        var byConnection = new Dictionary<ClientConnection, List<RequestCommand>>();
        foreach (var queue in _forwarded.Values)
            foreach (var command in queue) Add(command);
        foreach (var command in _pendingSyncs) Add(command);
        foreach (var (connection, commands) in byConnection)
        {
            commands.Sort((a, b) => a.Header.Xid.CompareTo(b.Header.Xid));
            commands.AddRange(connection.Deferred);
            connection.Deferred.Clear();
            foreach (var command in commands) connection.Deferred.Enqueue(command);
            connection.ForwardedPending = 0;
        }
        _forwarded.Clear();
        _pendingSyncs.Clear();

        void Add(RequestCommand command)
        {
            if (!byConnection.TryGetValue(command.Connection, out var list)) byConnection[command.Connection] = list = [];
            list.Add(command);
        }
    }

    /// <summary>How long idle clients are held while no role serves (an election normally takes well under this).</summary>
    public const long HoldWhileNotServingMs = 3000;

    private long _notServingSince = long.MaxValue;

    /// <summary>Held clients give up when no role serves for too long: they reconnect elsewhere, as Apache's would at once.</summary>
    private void DropHeldClientsIfTooLong()
    {
        if (IsServing || _notServingSince == long.MaxValue || Now - _notServingSince < HoldWhileNotServingMs) return;
        _notServingSince = long.MaxValue;
        CloseAllClients("no quorum for too long");
    }

    private void CloseAllClients(string reason)
    {
        if (_connectionBySession.Count > 0) Log.Info($"Closing {_connectionBySession.Count} client connections: {reason}");
        foreach (var connection in _connectionBySession.Values.ToList())
        {
            State.Tree.RemoveWatcher(connection);
            connection.Close();
        }
        _connectionBySession.Clear();
    }

    /// <summary>Serving again: the held clients' queued requests run.</summary>
    private void ReleaseHeldClients()
    {
        _notServingSince = long.MaxValue;
        foreach (var connection in _connectionBySession.Values.ToList()) Release(connection);
    }

    /// <summary>After a TRUNC or a SNAP: the state is rebuilt from disk or from the leader's snapshot.</summary>
    public void ReplaceState(StateMachine state)
    {
        // Watches live in the old tree: held clients must reconnect and set them again.
        CloseAllClients("the state was replaced by the leader's");
        _snapshots?.Abandon();
        state.QuotaLog ??= State.QuotaLog;
        state.LocalSessions ??= State.LocalSessions;
        State = state;
    }
}
