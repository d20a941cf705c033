using Keeper.Consensus.Election;

namespace Keeper.Server.Quorum;

/// <summary>The election port as the quorum service sees it: fire-and-forget notifications to peers by id.</summary>
internal interface IElectionTransport : IAsyncDisposable
{
    void Start();

    void Send(long sid, Notification notification);

    /// <summary>The servers to dial by id: the membership's, and those of a pending reconfig's (their addresses only count).</summary>
    void UpdateView(Reconfig.Membership membership);
}
