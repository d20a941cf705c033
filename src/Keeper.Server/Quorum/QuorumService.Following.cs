using System.Buffers.Binary;
using System.Net.Sockets;
using Keeper.Consensus.Wire;
using Keeper.Consensus.Zab;
using Keeper.Core.Requests;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Storage.Log;

namespace Keeper.Server.Quorum;

/// <summary>Following or observing: the link to the leader, forwarding, the touch table, and the txns the leader sends.</summary>
internal sealed partial class QuorumService
{
    // Txns the leader sent (logged here) and has not committed yet, oldest first.
    private readonly Queue<Txn> _uncommitted = new();
    // Sessions our clients used since the last PING, with their timeouts (the leader renews them).
    private readonly Dictionary<long, int> _touched = [];
    private readonly JuteWriter _forwardWriter = new(1024);
    private QuorumLink? _leaderLink;

    private const int RetryDelayMs = 100;

    /// <summary>
    /// Connects to the leader's quorum port off the sequencer thread, retrying as ZooKeeper's connectToLeader
    /// does (every zookeeper.leaderConnectDelayDuringRetryMs, 100 ms: the leader may not be listening yet when we
    /// decide); the learner gives up after initLimit ticks if no connection comes up.
    /// </summary>
    private void ConnectToLeader(long leaderId)
    {
        if (_membership.Find(leaderId) is not { } leader)
        {
            Peer.LeaderLost($"server {leaderId} is not in our configuration", Pipeline.Sequencer.Now);
            return;
        }
        int generation = _roleGeneration;
        long deadline = Pipeline.Sequencer.Now + _settings.Zab.InitTimeoutMs;
        _ = Task.Run(async () =>
        {
            for (int attempt = 1; ; attempt++)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Min(5000, _settings.Zab.InitTimeoutMs)));
                    await socket.ConnectAsync(leader.Host, leader.QuorumPort, timeout.Token).ConfigureAwait(false);
                    // sslQuorum: Learner.connectToLeader's startHandshake, before any packet.
                    var stream = await _settings.Channel.ConnectAsync(socket, leader.Host, CancellationToken.None).ConfigureAwait(false);
                    // Quorum SASL next (connectToLeader's authLearner.authenticate); a failure ends this round at once.
                    try
                    {
                        await _settings.Channel.Auth.AuthenticateAsLearnerAsync(stream, leader.Host, $"{leader.Host}:{leader.QuorumPort} (leader {leaderId})", CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (QuorumSasl.QuorumAuthException e)
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                        Post(generation, () => Peer.LeaderLost(e.Message, Pipeline.Sequencer.Now));
                        return;
                    }
                    var link = new QuorumLink(socket, stream, $"leader {leaderId} at {leader.Host}:{leader.QuorumPort}", _settings.MaxBuffer);
                    Post(generation, () => OnLeaderConnected(link), orElse: () => link.Close("role ended"));
                    return;
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
                {
                    socket.Dispose();
                    if (Pipeline.Sequencer.Now + RetryDelayMs > deadline || generation != Volatile.Read(ref _roleGeneration))
                    {
                        Post(generation, () => Peer.LeaderLost($"cannot connect to the leader at {leader.Host}:{leader.QuorumPort}: {e.Message}", Pipeline.Sequencer.Now));
                        return;
                    }
                    Log.Warn($"Unexpected exception, tries={attempt}, remaining init limit={deadline - Pipeline.Sequencer.Now}, connecting to {leader.Host}:{leader.QuorumPort}: {e.Message}");
                    await Task.Delay(RetryDelayMs).ConfigureAwait(false);
                }
            }
        });
    }

    private void OnLeaderConnected(QuorumLink link)
    {
        int generation = _roleGeneration;
        _leaderLink = link;
        link.PacketReceived = (l, packet, stream) =>
        {
            // The snapshot stream follows its SNAP packet on the same socket: read it here, on the link's thread.
            if (packet.Type == QuorumPacketType.Snap)
            {
                var snapshot = ReadSnapshot(stream);
                Post(generation, () => OnSnapshot(packet.Zxid, snapshot));
                return;
            }
            Post(generation, () => OnLeaderPacket(packet));
        };
        link.Closed = (_, reason) => Post(generation, () => Peer.LeaderLost($"connection to the leader: {reason}", Pipeline.Sequencer.Now));
        link.Start();
        Peer.LeaderConnected(Pipeline.Sequencer.Now);
    }

    // The leader said it retires: requests it did not answer were dropped, not lost in flight.
    private bool _leaderRetired;

    private void OnLeaderPacket(QuorumPacket packet)
    {
        if (packet.Type == QuorumPacketType.Retiring)
        {
            _leaderRetired = true;
            Log.Info($"The leader retires at 0x{packet.Zxid:x}: our unanswered requests go to the next leader");
            return;
        }
        RememberNewLeaderConfig(packet);
        try
        {
            if (ZabPackets.FromPacket(packet) is { } message) Peer.LeaderMessage(message, Pipeline.Sequencer.Now);
        }
        catch (WireFormatException e)
        {
            _leaderLink?.Close($"malformed {packet.Type} from the leader: {e.Message}");
        }
    }

    /// <summary>A client write (or close) of ours goes to the leader as a REQUEST with the client's auth ids.</summary>
    public void Forward(long sessionId, int cxid, OpCode type, IJuteRecord? body, IReadOnlyList<Id> auth)
    {
        _forwardWriter.Reset();
        body?.Write(_forwardWriter);
        var request = new RequestBody(sessionId, cxid, type, _forwardWriter.ToArray());
        _leaderLink?.Send(new QuorumPacket(QuorumPacketType.Request, -1, request.Encode(), auth.ToArray()));
    }

    /// <summary>A new session of one of our clients: the body is the negotiated timeout, as ZooKeeper's followers send it.</summary>
    public void ForwardCreateSession(long sessionId, int timeout)
    {
        var body = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(body, timeout);
        var request = new RequestBody(sessionId, 0, OpCode.CreateSession, body);
        _leaderLink?.Send(new QuorumPacket(QuorumPacketType.Request, -1, request.Encode(), []));
    }

    public void Touch(long sessionId, int timeout) => _touched[sessionId] = timeout;

    private void AnswerPing(long zxid)
    {
        var touches = new SessionTouch[_touched.Count];
        int i = 0;
        foreach (var (id, timeout) in _touched) touches[i++] = new SessionTouch(id, timeout);
        _touched.Clear();
        _leaderLink?.Send(new QuorumPacket(QuorumPacketType.Ping, zxid, PingBody.Encode(touches)));
    }

    /// <summary>Leader: our own proposal (the sequencer's txn). Learner: the leader's, decoded from its bytes.</summary>
    private void AppendToLog(Proposal proposal)
    {
        Txn txn;
        if (Peer.Leader is not null && _lastProposed.Header.Zxid == proposal.Zxid) txn = _lastProposed;
        else
        {
            var (header, body, _) = TxnEntryCodec.Read(proposal.Data, _settings.MaxBuffer);
            if (header.Zxid != proposal.Zxid)
                throw new InvalidDataException($"proposal 0x{proposal.Zxid:x} carries a txn with zxid 0x{header.Zxid:x}");
            txn = new Txn(header, body);
            _uncommitted.Enqueue(txn);
        }
        RememberProposedMembership(txn);
        _log.Append(txn);
    }

    private void ApplyCommitted(long zxid)
    {
        if (Peer.Leader is not null)
        {
            _sequencer.ApplyCommitted(zxid);
            return;
        }
        while (_uncommitted.Count > 0 && _uncommitted.Peek().Header.Zxid <= zxid) _sequencer.ApplyLearnerTxn(_uncommitted.Dequeue());
    }

    /// <summary>
    /// TRUNC: the log loses everything after <paramref name="zxid"/>, snapshots past it go too (they may hold
    /// txns that never committed), and the state is rebuilt from what remains on disk.
    /// </summary>
    private void TruncateTo(long zxid)
    {
        Log.Info($"Truncating log to get in sync with the leader 0x{zxid:x}");
        _uncommitted.Clear();
        _log.TruncateAfter(_layout, zxid);
        ForgetProposedMemberships(zxid);
        foreach (var (snapZxid, path) in _layout.Snapshots()) if (snapZxid > zxid) File.Delete(path);
        var state = RecoverState();
        _sequencer.ReplaceState(state);
        if (state.LastProcessedZxid != zxid)
        {
            // A SNAP from a leader whose epoch never started replaced the history between an older snapshot and
            // this point; what the disk can rebuild ends below it. Carrying on would leave Zab believing we hold
            // txns we do not, so the role ends and the next sync starts from what we really have (safe: we never
            // acknowledged what we only had from that snapshot).
            Log.Warn($"Cannot truncate to 0x{zxid:x}: the data dir rebuilds only up to 0x{state.LastProcessedZxid:x}; syncing again");
            Peer.LeaderLost($"cannot truncate to 0x{zxid:x}", Pipeline.Sequencer.Now);
        }
    }
}
