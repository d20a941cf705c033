using System.Net;
using Keeper.Consensus.Election;
using Keeper.Server.Election;

namespace Keeper.Server.Quorum;

/// <summary>The election port of zoo.cfg's server lines, as the quorum service's transport.</summary>
internal sealed class ElectionPort(ElectionNetwork network) : IElectionTransport
{
    public static ElectionPort For(QuorumSettings settings, int bindRetry, Action<long, Notification> onMessage)
    {
        var addresses = settings.Servers.ToDictionary(s => s.Key, s => new DnsEndPoint(s.Value.Host, s.Value.ElectionPort));
        var options = ElectionNetworkOptions.Default with
        {
            ListenOnAllIPs = settings.ListenOnAllIPs,
            BindRetryLimit = bindRetry,
            Channel = settings.Channel,
        };
        return new ElectionPort(new ElectionNetwork(settings.MyId, addresses, options, onMessage));
    }

    public void Start() => network.Start();

    public void Send(long sid, Notification notification) => network.Send(sid, notification);

    public void UpdateView(Reconfig.Membership membership) =>
        network.UpdateView(membership.Servers.ToDictionary(s => s.Id, s => new DnsEndPoint(s.Host, s.ElectionPort)));

    public ValueTask DisposeAsync() => network.DisposeAsync();
}
