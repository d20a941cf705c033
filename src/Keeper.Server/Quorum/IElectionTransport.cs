using Keeper.Consensus.Election;

namespace Keeper.Server.Quorum;

/// <summary>The election port as the quorum service sees it: fire-and-forget notifications to peers by id.</summary>
internal interface IElectionTransport : IAsyncDisposable
{
    void Start();

    void Send(long sid, Notification notification);

    /// <summary>A reconfig took effect: dial the new membership's election addresses.</summary>
    void UpdateView(Reconfig.Membership membership);
}
