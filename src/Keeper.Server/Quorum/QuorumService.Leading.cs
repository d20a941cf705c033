using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Keeper.Consensus.Wire;
using Keeper.Consensus.Zab;
using Keeper.Core.Requests;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Server.Network;
using Keeper.Storage.Log;

namespace Keeper.Server.Quorum;

/// <summary>Leading: the quorum port, learner links, proposals, and what learners send besides Zab's own packets.</summary>
internal sealed partial class QuorumService
{
    private readonly Dictionary<long, QuorumLink> _learnerLinks = [];
    private readonly JuteWriter _proposalWriter = new(1024);
    private LeaderListener? _listener;
    private Txn _lastProposed;

    private void StartLeading()
    {
        InheritReconfig();
        var self = _settings.Self;
        var address = _settings.ListenOnAllIPs ? IPAddress.Any : Resolve(self.Host);
        int generation = _roleGeneration;
        try
        {
            _listener = new LeaderListener(new IPEndPoint(address, self.QuorumPort), socket => _ = AcceptLearnerAsync(socket, generation));
        }
        catch (SocketException e)
        {
            // No learner can reach us; discovery times out after initLimit ticks and we elect again.
            Log.Error($"Cannot listen for learners on {self.Host}:{self.QuorumPort}: {e.Message}");
        }
    }

    // Off the accept loop: under sslQuorum a learner's TLS handshake comes first (a refused one is logged and closed).
    private async Task AcceptLearnerAsync(Socket socket, int generation)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        var stream = await _settings.Channel.AcceptAsync(socket, CancellationToken.None).ConfigureAwait(false);
        if (stream is null) return;
        // Quorum SASL before the first Zab packet (LearnerHandler's authServer.authenticate).
        try
        {
            stream = await _settings.Channel.Auth.AuthenticateLearnerAsync(stream, [], remote, CancellationToken.None).ConfigureAwait(false);
        }
        catch (QuorumSasl.QuorumAuthException e)
        {
            Log.Warn($"Server failed to authenticate quorum learner, addr: {remote}, closing connection: {e.Message}");
            await stream.DisposeAsync().ConfigureAwait(false);
            return;
        }
        var link = new QuorumLink(socket, stream, remote, _settings.MaxBuffer);
        link.PacketReceived = (l, packet, _) => Post(generation, () => OnLearnerPacket(l, packet));
        link.Closed = (l, _) => Post(generation, () => { _learnerLinks.Remove(l.Id); Peer.LearnerDisconnected(l.Id, Pipeline.Sequencer.Now); });
        Post(generation, () =>
        {
            _learnerLinks[link.Id] = link;
            Peer.LearnerConnected(link.Id, Pipeline.Sequencer.Now);
        }, orElse: () => link.Close("not leading any more"));
        link.Start();
    }

    /// <summary>The sequencer prepared a txn (ours or a learner's): propose it to the ensemble.</summary>
    public void Propose(in Txn txn)
    {
        _proposalWriter.Reset();
        TxnEntryCodec.Write(_proposalWriter, txn.Header, txn.Body, null);
        _lastProposed = txn;
        long size = _proposalWriter.Length;
        ProposalSizes = ProposalSizes.Last < 0 ? new(size, size, size)
            : new(size, Math.Min(ProposalSizes.Min, size), Math.Max(ProposalSizes.Max, size));
        var proposal = new Proposal(txn.Header.Zxid, _proposalWriter.ToArray());
        if (ProposedMembership(txn) is { } next)
        {
            _lastSeen = next;
            Peer.ProposeReconfig(proposal, next.Voters.ToHashSet(), next.Observers.ToHashSet(), Pipeline.Sequencer.Now);
        }
        else
        {
            Peer.Propose(proposal, Pipeline.Sequencer.Now);
        }
        Run();
    }

    private void OnLearnerPacket(QuorumLink link, QuorumPacket packet)
    {
        try
        {
            switch (packet.Type)
            {
                case QuorumPacketType.Request:
                    OnForwardedRequest(link, RequestBody.Decode(packet.Data), packet.AuthInfo ?? []);
                    return;
                case QuorumPacketType.Revalidate:
                    var ask = RevalidateRequest.Decode(packet.Data);
                    bool valid = IsLeading && _sequencer.State.Sessions.Touch(ask.SessionId, Pipeline.Sequencer.Now);
                    link.Send(new QuorumPacket(QuorumPacketType.Revalidate, -1, new RevalidateReply(ask.SessionId, valid).Encode()));
                    return;
                case QuorumPacketType.Ping:
                    foreach (var touch in PingBody.Decode(packet.Data)) _sequencer.State.Sessions.Touch(touch.SessionId, Pipeline.Sequencer.Now);
                    break;
            }
            if (ZabPackets.FromPacket(packet) is { } message) Peer.LearnerMessage(link.Id, message, Pipeline.Sequencer.Now);
            Run();
        }
        catch (WireFormatException e)
        {
            link.Close($"malformed {packet.Type} from {link.Name}: {e.Message}");
        }
    }

    /// <summary>A learner's client request: writes become txns like our own clients' (the learner answers its client).</summary>
    private void OnForwardedRequest(QuorumLink link, RequestBody body, IReadOnlyList<Id> auth)
    {
        // Retiring, nothing new is accepted: the learner sends it to the next leader (see Retire).
        if (!IsLeading || _retiring) return;
        var raw = body.Request.Span;
        switch (body.Type)
        {
            case OpCode.CreateSession:
                int timeout = raw.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(raw) : 0;
                _sequencer.SubmitRemoteCreateSession(body.SessionId, timeout);
                return;
            case OpCode.Sync:
                Peer.Leader!.Sync(link.Id);
                Run();
                return;
            case OpCode.CloseSession:
                _sequencer.SubmitRemote(new Request(body.SessionId, body.Cxid, OpCode.CloseSession, null, auth, null));
                return;
        }
        if (!Request.IsWriteType(body.Type))
        {
            Log.Warn($"Ignoring a forwarded {body.Type} from {link.Name}: only writes, sessions and syncs are forwarded");
            return;
        }
        IJuteRecord? record;
        try
        {
            var reader = new JuteReader(raw, _settings.MaxBuffer);
            record = RequestDecoder.Decode(body.Type, ref reader, raw);
        }
        catch (JuteException)
        {
            _sequencer.SubmitRemoteFailed(new Request(body.SessionId, body.Cxid, body.Type, null, auth, null), ErrorCode.MarshallingError);
            return;
        }
        _sequencer.SubmitRemote(new Request(body.SessionId, body.Cxid, body.Type, record, auth, null));
    }

    private bool _retiring;

    /// <summary>Last, smallest and largest proposal in bytes (mntr's *_proposal_size).</summary>
    public FourLetterWords.ProposalSizes ProposalSizes { get; private set; } = FourLetterWords.ProposalSizes.Unset;

    /// <summary>When this server last started serving as leader (Environment.TickCount64), for zk_leader_uptime.</summary>
    public long LeadingSince { get; private set; }

    /// <summary>mntr's leader-only gauges, or null when not leading.</summary>
    public FourLetterWords.LeaderGauges? LeaderGauges(long nowMs) => Peer.Leader is { IsServing: true } leader
        ? new FourLetterWords.LeaderGauges(leader.LearnerCount, leader.SyncedFollowerCount, 0, leader.SyncedObserverCount,
            leader.PendingSyncCount, nowMs - LeadingSince, ProposalSizes)
        : null;

    /// <summary>SIGTERM on the leader: from now on learners' requests are dropped, for the next leader to take.</summary>
    public void BeginRetire() => _retiring = true;

    /// <summary>Once drained: tell every learner that what it has not been answered for was dropped (sent before the links close).</summary>
    public void AnnounceRetired()
    {
        if (!_retiring || Peer.Leader is null) return;
        var packet = new QuorumPacket(QuorumPacketType.Retiring, Peer.Leader.LastCommitted);
        foreach (var link in _learnerLinks.Values) link.Send(packet);
        Log.Info($"Handing over: told {_learnerLinks.Count} learners the leader retires at 0x{Peer.Leader.LastCommitted:x}");
    }

    private void SendZab(long connection, ZabMessage message)
    {
        if (message is Diff or Trunc && _learnerLinks.TryGetValue(connection, out var learner))
            Log.Info($"Sending {(message is Diff ? "DIFF" : "TRUNC")} zxid=0x{(message is Diff d ? d.Zxid : ((Trunc)message).Zxid):x} to {learner.Name}");
        var packet = ZabPackets.ToPacket(message, message is NewLeader n ? NewLeaderConfig(n.Zxid) : "");
        if (connection == 0) _leaderLink?.Send(packet);
        else if (_learnerLinks.TryGetValue(connection, out var link)) link.Send(packet);
    }

    private void CloseRoleLinks()
    {
        _listener?.Dispose();
        _listener = null;
        foreach (var link in _learnerLinks.Values) link.Close("role ended");
        _learnerLinks.Clear();
        _leaderLink?.Close("role ended");
        _leaderLink = null;
    }

    /// <summary>Runs <paramref name="work"/> on the sequencer thread if the role that asked for it still holds.</summary>
    private void Post(int generation, Action work, Action? orElse = null) =>
        _sequencer.Post(new Pipeline.QuorumEventCommand(() =>
        {
            if (generation != _roleGeneration) { orElse?.Invoke(); return; }
            work();
            Run();
        }));

    private static IPAddress Resolve(string host)
    {
        if (IPAddress.TryParse(host, out var ip)) return ip;
        var addresses = Dns.GetHostAddresses(host);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
    }
}
