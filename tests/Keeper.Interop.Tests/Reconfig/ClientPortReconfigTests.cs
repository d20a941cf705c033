using System.Net;
using System.Text;
using Keeper.Interop.Tests.Ensemble;
using Keeper.TestSupport;
using static Keeper.Interop.Tests.Reconfig.ReconfigSteps;

namespace Keeper.Interop.Tests.Reconfig;

/// <summary>
/// A reconfig that gives a member another client port (re-adding its line with a new <c>;host:port</c>): once it takes
/// effect that server takes new clients on the new port and refuses them on the old one, while sessions already
/// connected on the old port go on (Apache's processReconfig calls the connection factory's reconfigure, which closes
/// the old listening socket and binds the new one). Checked for a follower and for the leader, on ours and Apache
/// ZooKeeper 3.8 alike, and for each kind among the other's servers.
/// </summary>
public sealed class ClientPortReconfigTests
{
    [Theory]
    [InlineData(ServerKinds.Keeper, ServerKinds.Keeper, ServerKinds.Keeper)]
    [InlineData(ServerKinds.Apache, ServerKinds.Apache, ServerKinds.Apache)]
    [InlineData(ServerKinds.Keeper, ServerKinds.Apache, ServerKinds.Apache)]
    [InlineData(ServerKinds.Apache, ServerKinds.Keeper, ServerKinds.Keeper)]
    public async Task A_reconfig_moves_a_members_client_port_and_its_connected_sessions_stay(string first, string second, string third)
    {
        await using var ensemble = ReconfigEnsemble([first, second, third]);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        // Server 1 is the odd kind in the mixed runs; the highest id usually leads a fresh ensemble.
        var follower = leader.Id != 1 ? ensemble[1] : ensemble[2];
        await using var admin = await EnsembleClient.ConnectAsync(leader.ConnectString);
        await admin.AddAuthAsync("digest", Encoding.UTF8.GetBytes("super:secret"));

        long version = await MoveClientPortAsync(ensemble, admin, follower, null);
        // The leader's own port, in a second reconfig; the admin session is on that port and must survive it too.
        await MoveClientPortAsync(ensemble, admin, leader, version);
        await admin.CreateAsync("/after-both-moves", "x");
    }

    /// <summary>Moves <paramref name="member"/>'s client port and checks both ports; returns the new version.</summary>
    private static async Task<long> MoveClientPortAsync(Keeper.TestSupport.Ensemble ensemble, Keeper.Client.ZooKeeperClient admin,
        EnsembleMember member, long? fromVersion)
    {
        int newPort = FreePort.Next();
        await using var before = await EnsembleClient.ConnectAsync(member.ConnectString);
        await before.CreateAsync($"/before-move-{member.Id}", "b");

        string line = $"server.{member.Id}={member.Address}:{member.QuorumPort}:{member.ElectionPort}:participant;{member.Address}:{newPort}";
        var (config, stat) = await admin.ReconfigAsync(line, null, null, fromVersion ?? -1);
        Assert.Contains(line + "\n", Encoding.UTF8.GetString(config ?? []));

        string moved = $"{member.Address}:{newPort}";
        await EventuallyAsync(async () => await PortProbe.AcceptsAsync(member.Address, newPort),
            $"server {member.Id} never took clients on its new port {newPort}\n{ensemble.Diagnostics()}");
        await using (var after = await EnsembleClient.ConnectAsync(moved))
        {
            await after.SyncAsync("/");
            Assert.Equal("b", Encoding.UTF8.GetString((await after.GetDataAsync($"/before-move-{member.Id}")).Data ?? []));
        }
        await EventuallyAsync(async () => !await PortProbe.AcceptsAsync(member.Address, member.ClientPort),
            $"server {member.Id} still takes clients on its old port {member.ClientPort}\n{ensemble.Diagnostics()}");

        // The session that was connected on the old port is still served there.
        await before.SetDataAsync($"/before-move-{member.Id}", Encoding.UTF8.GetBytes("still connected"));
        Assert.Equal("still connected", Encoding.UTF8.GetString((await before.GetDataAsync($"/before-move-{member.Id}")).Data ?? []));
        return stat.Mzxid;
    }
}
