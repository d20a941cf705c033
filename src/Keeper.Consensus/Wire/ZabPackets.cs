using Keeper.Consensus.Zab;

namespace Keeper.Consensus.Wire;

/// <summary>
/// Zab's typed messages to and from ZooKeeper 3.8's quorum packets. The packets only hosts act on (REQUEST,
/// REVALIDATE) map to no message; a learner's sync goes out as a REQUEST the host builds, so
/// <see cref="SyncRequest"/> has no packet of its own either.
/// </summary>
internal static class ZabPackets
{
    public static QuorumPacket ToPacket(ZabMessage message, string newLeaderConfig = "") => message switch
    {
        LearnerHello h => new QuorumPacket(h.IsObserver ? QuorumPacketType.ObserverInfo : QuorumPacketType.FollowerInfo,
            Zxid.Make(h.AcceptedEpoch, 0), LearnerInfo.Current(h.Sid, 0).Encode()),
        LeaderInfo i => new QuorumPacket(QuorumPacketType.LeaderInfo, Zxid.Make(i.NewEpoch, 0), LeaderInfoBody.Encode()),
        AckEpoch a => new QuorumPacket(QuorumPacketType.AckEpoch, a.LastLoggedZxid, AckEpochBody.Encode((int)a.CurrentEpoch)),
        Diff d => new QuorumPacket(QuorumPacketType.Diff, d.Zxid),
        Trunc t => new QuorumPacket(QuorumPacketType.Trunc, t.Zxid),
        Snap s => new QuorumPacket(QuorumPacketType.Snap, s.Zxid),
        ProposalMessage p => new QuorumPacket(QuorumPacketType.Proposal, p.Proposal.Zxid, p.Proposal.Data),
        Commit c => new QuorumPacket(QuorumPacketType.Commit, c.Zxid),
        CommitAndActivate c => new QuorumPacket(QuorumPacketType.CommitAndActivate, c.Zxid, CommitAndActivateBody.Encode(c.DesignatedLeader)),
        InformAndActivate i => new QuorumPacket(QuorumPacketType.InformAndActivate, i.Proposal.Zxid,
            InformAndActivateBody.Encode(i.DesignatedLeader, i.Proposal.Data)),
        Inform i => new QuorumPacket(QuorumPacketType.Inform, i.Proposal.Zxid, i.Proposal.Data),
        NewLeader n => new QuorumPacket(QuorumPacketType.NewLeader, n.Zxid, NewLeaderBody.Encode(newLeaderConfig)),
        UpToDate => new QuorumPacket(QuorumPacketType.UpToDate, -1),
        Ack a => new QuorumPacket(QuorumPacketType.Ack, a.Zxid),
        Ping p => new QuorumPacket(QuorumPacketType.Ping, p.Zxid),
        SyncDone => new QuorumPacket(QuorumPacketType.Sync, 0),
        _ => throw new ArgumentException($"{message.GetType().Name} has no quorum packet of its own", nameof(message)),
    };

    /// <summary>
    /// The message a packet carries, or null for the packets hosts handle themselves. Malformed bodies throw
    /// <see cref="WireFormatException"/> (the host closes that link).
    /// </summary>
    public static ZabMessage? FromPacket(QuorumPacket packet)
    {
        switch (packet.Type)
        {
            case QuorumPacketType.FollowerInfo or QuorumPacketType.ObserverInfo:
                var info = LearnerInfo.Decode(packet.Data)
                    ?? throw new WireFormatException($"{packet.Type} without a LearnerInfo: learners older than 3.4 are not supported");
                if (info.ProtocolVersion < LearnerInfo.Zab10)
                    throw new WireFormatException($"learner protocol version 0x{info.ProtocolVersion:x} predates Zab 1.0");
                return new LearnerHello(info.Sid, Zxid.EpochOf(packet.Zxid), packet.Type == QuorumPacketType.ObserverInfo);
            case QuorumPacketType.LeaderInfo:
                int version = LeaderInfoBody.Decode(packet.Data);
                if (version < LearnerInfo.Zab10) throw new WireFormatException($"leader protocol version 0x{version:x} predates Zab 1.0");
                return new LeaderInfo(Zxid.EpochOf(packet.Zxid));
            case QuorumPacketType.AckEpoch: return new AckEpoch(packet.Zxid, AckEpochBody.Decode(packet.Data));
            case QuorumPacketType.Diff: return new Diff(packet.Zxid);
            case QuorumPacketType.Trunc: return new Trunc(packet.Zxid);
            case QuorumPacketType.Snap: return new Snap(packet.Zxid);
            case QuorumPacketType.Proposal: return new ProposalMessage(new Proposal(packet.Zxid, packet.Data ?? []));
            case QuorumPacketType.Commit: return new Commit(packet.Zxid);
            case QuorumPacketType.CommitAndActivate: return new CommitAndActivate(packet.Zxid, CommitAndActivateBody.Decode(packet.Data));
            case QuorumPacketType.InformAndActivate:
                var (designated, proposal) = InformAndActivateBody.Decode(packet.Data);
                return new InformAndActivate(new Proposal(packet.Zxid, proposal.ToArray()), designated);
            case QuorumPacketType.Inform: return new Inform(new Proposal(packet.Zxid, packet.Data ?? []));
            case QuorumPacketType.NewLeader: return new NewLeader(packet.Zxid);
            case QuorumPacketType.UpToDate: return new UpToDate();
            case QuorumPacketType.Ack: return new Ack(packet.Zxid);
            case QuorumPacketType.Ping: return new Ping(packet.Zxid);
            case QuorumPacketType.Sync: return new SyncDone();
            case QuorumPacketType.Request or QuorumPacketType.Revalidate or QuorumPacketType.Retiring: return null;
            default: throw new WireFormatException($"quorum packet type {(int)packet.Type} ({packet.Type}) is not supported");
        }
    }
}
