using System.Net;
using System.Net.Sockets;
using Keeper.Consensus.Wire;
using Keeper.Server.Logging;

namespace Keeper.Server.Election;

/// <summary>receiveConnection / handleConnection: read the initial message, then apply the tie-break.</summary>
internal sealed partial class ElectionNetwork
{
    private void OnAccepted(Socket socket)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                socket.Dispose();
                return;
            }
            Track(ReceiveConnectionAsync(socket));
        }
    }

    private async Task ReceiveConnectionAsync(Socket socket)
    {
        await Task.Yield();
        EndPoint? remote = null;
        ElectionHandshake? handshake = null;
        var inbound = new InboundBuffer();
        Stream? stream = null;
        try
        {
            remote = socket.RemoteEndPoint;
            SetSocketOptions(socket);
            using var context = Log.BeginContext($"ListenerHandler-{remote}");
            // TLS (sslQuorum) first, bounded by its own handshake timeout; null: refused and already logged.
            stream = await _options.Channel.AcceptAsync(socket, _stop.Token).ConfigureAwait(false);
            if (stream is null) return;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(_options.HandshakeTimeout);
            int consumed;
            while (ElectionHandshake.TryDecode(inbound.Data, out handshake, out consumed) == DecodeStatus.NeedMore)
            {
                if (!await inbound.FillAsync(stream, timeout.Token).ConfigureAwait(false))
                {
                    Reject(socket, remote, "closed before sending its initial message");
                    return;
                }
            }
            inbound.Consume(consumed);
            // Quorum SASL follows the initial message (handleConnection's authServer.authenticate), before the tie-break.
            if (_options.Channel.Auth.Enabled)
            {
                var rest = inbound.Data.ToArray();
                inbound.Consume(rest.Length);
                stream = await _options.Channel.Auth.AuthenticateLearnerAsync(stream, rest, remote?.ToString() ?? "?", _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            socket.Dispose();
            return;
        }
        catch (OperationCanceledException)
        {
            Reject(socket, remote, $"no initial message within {_options.HandshakeTimeout.TotalMilliseconds} ms");
            return;
        }
        catch (QuorumSasl.QuorumAuthException e)
        {
            Reject(socket, remote, e.Message);
            return;
        }
        catch (WireFormatException e)
        {
            Reject(socket, remote, $"bad initial message: {e.Message}");
            return;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Reject(socket, remote, $"reading the initial message failed: {e.Message}");
            return;
        }

        HandleConnection(socket, stream!, remote, handshake!, inbound);
    }

    private void Reject(Socket socket, EndPoint? remote, string reason)
    {
        _log.Warn($"Closing election connection from {remote?.ToString() ?? "(unknown)"}: {reason}");
        socket.Dispose();
    }

    private void HandleConnection(Socket socket, Stream stream, EndPoint? remote, ElectionHandshake handshake, InboundBuffer inbound)
    {
        long sid = handshake.Sid;
        if (handshake.IsObserverWithoutId)
        {
            // Apache's observerCounter.getAndDecrement(): -1, -2, ... so such connections can be told apart.
            sid = Interlocked.Decrement(ref _observerCounter) + 1;
            _log.Info($"Setting arbitrary identifier to observer: {sid}");
        }

        if (sid < _myId)
        {
            // We win the tie-break: this peer must not dial us. It may have restarted while we still hold a
            // connection to its previous life, so drop that one too before dialling back (as Apache does).
            PeerConnection? stale;
            DnsEndPoint? address = null;
            foreach (var offered in handshake.Addresses)
            {
                if (!offered.IsWildcard)
                {
                    address = new DnsEndPoint(offered.Host, offered.Port);
                    break;
                }
            }
            lock (_gate)
            {
                _connections.TryGetValue(sid, out stale);
                if (address is not null) DialStateFor(sid).LearnedAddress = address;
            }
            _log.Debug($"Create new connection to server: {sid} (it dialled us from {remote})");
            stream.Dispose();
            stale?.Close(LogLevel.Info, "the peer dialled us again; dialling it back instead");
            ConnectOne(sid, address, dialBack: true);
        }
        else if (sid == _myId)
        {
            // ZOOKEEPER-2164. Apache logs and leaves the socket open; we close it.
            _log.Warn($"We got a connection request from a server with our own ID ({remote}). "
                + "This should be either a configuration error, or a bug.");
            stream.Dispose();
        }
        else
        {
            // Apache does not check the view here: any larger sid (a reconfigured member, an observer) is served.
            Register(sid, socket, stream, inbound);
        }
    }
}
