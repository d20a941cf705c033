using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Server.Network;
using Keeper.Server.Sasl;

namespace Keeper.Server.Pipeline;

/// <summary>
/// The sasl op (102) and enforced authentication, as ZooKeeperServer.processSasl and AuthenticationHelper do them:
/// answered at once with zxid 0; a completed login adds sasl:&lt;user&gt; (and super for a zookeeper.superUser); a
/// failed one is answered AuthFailed (SessionClosedRequireSaslAuth when sasl is enforced) and the connection closes.
/// </summary>
internal sealed partial class Sequencer
{
    private void HandleSasl(ClientConnection connection, int xid, SaslRecord request)
    {
        if (_options.Sasl is not { } login)
        {
            // No JAAS login section: ZooKeeper has no SASL server for the connection and answers a null token.
            Send(connection, new ReplyHeader(xid, 0, ErrorCode.Ok), new SaslRecord(null));
            return;
        }
        var exchange = connection.SaslExchange ??= login.NewExchange();
        byte[]? response = null;
        try
        {
            response = exchange.Evaluate(request.Token ?? []);
            if (exchange.IsComplete && exchange.AuthorizationId is { } user)
            {
                AddAuthId(connection, new Id("sasl", user));
                bool super = login.IsSuperUser(user);
                if (super) AddAuthId(connection, new Id("super", ""));
                Log.Info($"Session 0x{connection.SessionId:x}: SASL login as '{user}'{(super ? " (super user)" : "")} from {connection.RemoteText}");
            }
        }
        catch (SaslFailure e)
        {
            var enforced = _options.Enforcement ?? AuthEnforcement.None;
            if (_options.AllowSaslFailedClients && !enforced.SaslRequired)
            {
                Log.Warn($"Client {connection.RemoteText} failed to SASL authenticate: {e.Message}; keeping the connection (allowSaslFailedClients)");
            }
            else
            {
                var error = enforced.SaslRequired ? ErrorCode.SessionClosedRequireSaslAuth : ErrorCode.AuthFailed;
                Log.Warn($"Client {connection.RemoteText} failed to SASL authenticate: {e.Message}; closing the connection ({error})");
                SendFailureWithToken(connection, new ReplyHeader(xid, 0, error));
                connection.CloseAfterFlush();
                return;
            }
        }
        Send(connection, new ReplyHeader(xid, 0, ErrorCode.Ok), new SaslRecord(response));
    }

    /// <summary>
    /// ZooKeeper's failure reply still carries a SetSASLResponse (a null token), and the Java client needs it: while
    /// its login is in progress it reads a token from every reply, error or not, and only a readable (null) token
    /// turns into the AuthFailed state; without one it sees a broken connection and reports ConnectionLoss.
    /// </summary>
    private void SendFailureWithToken(ClientConnection connection, in ReplyHeader header)
    {
        connection.Outbound.Enqueue(header, new SaslRecord(null));
        connection.Stats.PacketsSent++;
        Stats.CountSent();
    }

    /// <summary>
    /// False (and the connection answered and closing) when authentication is enforced and the connection has no id of
    /// an enforced scheme; checked before every request but auth and sasl, as ZooKeeper checks on arrival.
    /// </summary>
    private bool PassesEnforcement(ClientConnection connection, int xid)
    {
        if (_options.Enforcement is not { Enabled: true } enforced || enforced.IsSatisfiedBy(connection.AuthIds)) return true;
        Log.Error($"Client authentication scheme(s) [{string.Join(", ", connection.AuthIds.Select(i => i.Scheme))}] do not match the expected " +
            $"scheme(s) [{string.Join(", ", enforced.Schemes)}]; closing session 0x{connection.SessionId:x}");
        Send(connection, new ReplyHeader(xid, 0, ErrorCode.SessionClosedRequireSaslAuth), null);
        connection.CloseAfterFlush();
        return false;
    }
}
