using System.Text;
using Keeper.Core.Auth;
using Keeper.Core.Requests;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Server.Network;

namespace Keeper.Server.Pipeline;

/// <summary>Client requests after the handshake: auth, pings, writes through txns, reads.</summary>
internal sealed partial class Sequencer
{
    private void HandleRequest(RequestCommand command)
    {
        var connection = command.Connection;
        if (connection.IsClosing) return;
        if (!IsServing)
        {
            // Held through an election (see EndRole): the request runs once a role serves again.
            if (connection.SessionId != 0 && _connectionBySession.ContainsKey(connection.SessionId)) connection.Deferred.Enqueue(command);
            else connection.Close();
            return;
        }
        if (connection.SessionId != 0 && !command.Unknown)
        {
            TouchSession(connection.SessionId);
            Touched(connection);
        }
        if (MustWait(connection, command, ignoreQueue: false))
        {
            connection.Deferred.Enqueue(command);
            return;
        }
        Dispatch(command);
    }

    /// <summary>Handles a request whose turn has come: its connection has nothing earlier outstanding that it must wait for.</summary>
    private void Dispatch(RequestCommand command)
    {
        var connection = command.Connection;
        var header = command.Header;

        if (command.Unknown)
        {
            Log.Warn($"Closing connection from {connection.RemoteText}: unknown op code {(int)header.Type}");
            Send(connection, new ReplyHeader(header.Xid, -1, ErrorCode.Unimplemented), null);
            connection.CloseAfterFlush();
            return;
        }

        if (!IsLiveSession(connection.SessionId))
        {
            Send(connection, new ReplyHeader(header.Xid, State.LastProcessedZxid, ErrorCode.SessionExpired), null);
            return;
        }

        // Before parsing matters: a read-only server refuses a write by its type alone.
        if (IsReadOnly && HandledReadOnly(command)) return;

        if (command.Malformed)
        {
            var failed = new Request(connection.SessionId, header.Xid, header.Type, null, connection.AuthIds, connection);
            // A learner cannot forward what it could not parse; it answers at once, without a txn.
            if (failed.IsWrite && !IsLearner)
                Submit(new InFlight(State.PrepareFailedWrite(failed, ErrorCode.MarshallingError, WallNow), Origin.ClientWrite, connection, command, 0));
            else
                Complete(command, Reply.Error(ErrorCode.MarshallingError), OpNames.Short(header.Type));
            return;
        }

        if (header.Type is not (OpCode.Auth or OpCode.Sasl) && !PassesEnforcement(connection, header.Xid)) return;
        switch (header.Type)
        {
            case OpCode.Auth:
                HandleAuth(connection, (AuthPacket)command.Body!);
                return;
            case OpCode.Sasl:
                HandleSasl(connection, header.Xid, (SaslRecord)command.Body!);
                return;
            case OpCode.CloseSession when IsLocalSession(connection.SessionId):
                CloseLocalSession(command);
                return;
            case OpCode.CloseSession:
                _connectionBySession.Remove(connection.SessionId);
                State.Tree.RemoveWatcher(connection);
                if (IsLearner) { Forward(connection, command); return; }
                Submit(new InFlight(State.PrepareCloseSession(connection.SessionId, header.Xid, WallNow), Origin.ClientClose, connection, command, 0));
                return;
        }

        if (IsLearner && header.Type == OpCode.Sync) { ForwardSync(connection, command); return; }
        var request = new Request(connection.SessionId, header.Xid, header.Type, command.Body, connection.AuthIds, connection);
        if (request.IsWrite && _localSessions is not null) request = CheckUpgradeSession(command, request);
        if (request.IsWrite && IsLearner) Forward(connection, command);
        else if (request.IsWrite)
            Submit(new InFlight(State.PrepareWrite(request, WallNow), Origin.ClientWrite, connection, command, 0));
        else
            Complete(command, State.Read(request), OpNames.Short(header.Type));
    }

    private void Complete(RequestCommand command, Reply reply, string lastOp)
    {
        var connection = command.Connection;
        long zxid = State.LastProcessedZxid;
        Send(connection, new ReplyHeader(command.Header.Xid, zxid, reply.Err), reply.Body);
        long latency = Math.Max(0, Now - command.ReceivedAt);
        Stats.RecordRequest(command.Header.Type, latency);
        var stats = connection.Stats;
        stats.RecordLatency(latency);
        stats.LastOp = lastOp;
        stats.LastCxid = command.Header.Xid;
        stats.LastZxid = zxid;
        stats.LastResponseTime = WallNow;
        if (_draining) CloseIfIdle(connection);
    }

    /// <summary>addauth: digest and ip are the providers ZooKeeper loads by default; others fail and close.</summary>
    private void HandleAuth(ClientConnection connection, AuthPacket auth)
    {
        switch (auth.Scheme)
        {
            case "digest":
                string digest = DigestAuth.Digest(Encoding.UTF8.GetString(auth.Auth ?? []));
                AddAuthId(connection, new Id("digest", digest));
                if (_options.SuperDigest is { } super && digest == super) AddAuthId(connection, new Id("super", ""));
                break;
            case "ip":
                AddAuthId(connection, new Id("ip", connection.Remote.Address.ToString()));
                break;
            default:
                Log.Warn($"Authentication failed for {connection.RemoteText}: no provider for scheme {auth.Scheme}");
                Send(connection, new ReplyHeader(Xids.Auth, 0, ErrorCode.AuthFailed), null);
                connection.CloseAfterFlush();
                return;
        }
        Send(connection, new ReplyHeader(Xids.Auth, 0, ErrorCode.Ok), null);
    }

    private static void AddAuthId(ClientConnection connection, Id id)
    {
        if (!connection.AuthIds.Contains(id)) connection.AuthIds.Add(id);
    }
}
