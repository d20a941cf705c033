using Keeper.Interop.Tests.Ensemble;
using Keeper.Interop.Tests.QuorumTls;
using Keeper.TestSupport;
using static Keeper.Interop.Tests.QuorumTls.QuorumTlsWatch;

namespace Keeper.Interop.Tests.QuorumSasl;

/// <summary>
/// quorum.auth.* in ensembles mixing our servers with Debian's Apache ZooKeeper 3.8, all with the same JAAS file (named
/// by -Djava.security.auth.login.config) and zoo.cfg keys: DIGEST-MD5 both ways between the kinds on the election and
/// quorum ports, under a leader of either kind; and Apache's rolling upgrade from SASL enabled but not required (peers
/// that send no SASL are let in) to required, one server at a time.
/// </summary>
public sealed class MixedQuorumSaslTests : IDisposable
{
    private const string K = ServerKinds.Keeper;
    private const string A = ServerKinds.Apache;

    private readonly QuorumSaslFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Kinds by sid: the largest sid leads first (usually 3), then the other of 2 and 3, so each mix has a leader of each kind in turn.</summary>
    public static TheoryData<string, string, string> Mixes => new()
    {
        { K, A, K },
        { A, K, A },
    };

    [Theory]
    [MemberData(nameof(Mixes))]
    public async Task A_mixed_ensemble_with_sasl_required_replicates_under_a_leader_of_either_kind(string first, string second, string third)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([first, second, third], ShortTicks,
            jvmFlags: QuorumSaslFiles.JvmFlags(_files.Jaas()));
        foreach (var member in ensemble.Members) QuorumTlsFixture.Configure(member, QuorumSaslFiles.Settings(true, true));
        ensemble.StartAll();

        var leader = await ensemble.WaitForQuorumAsync(Settle);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "first");
        await QuorumSaslFiles.AssertAuthenticatedBothWaysAsync(ensemble);

        await FailOverToTheOtherKindAndCatchUpAsync(ensemble, leader);
    }

    [Fact]
    public async Task Sasl_enabled_but_not_required_lets_peers_without_sasl_in_through_a_rolling_upgrade()
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([K, A, K], ShortTicks, jvmFlags: QuorumSaslFiles.JvmFlags(_files.Jaas()));
        // Step 1 of Apache's guide: SASL enabled everywhere, nobody required to use it (so nobody sends it).
        foreach (var member in ensemble.Members) QuorumTlsFixture.Configure(member, QuorumSaslFiles.Settings(false, false));
        ensemble.StartAll();
        await ensemble.WaitForQuorumAsync(Settle);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "enabled");

        // Step 2: each in turn authenticates when it dials, while the others still dial without SASL into it and it into
        // them; every mixed state keeps serving.
        foreach (var member in ensemble.Members)
        {
            await member.StopAsync();
            QuorumTlsFixture.Configure(member, QuorumSaslFiles.Settings(true, false));
            member.Start();
            await ensemble.WaitForQuorumAsync(Settle);
            await WriteThroughEachAndReadEverywhereAsync(ensemble, $"learner{member.Id}-");
        }
        await QuorumSaslFiles.AssertAuthenticatedBothWaysAsync(ensemble);

        // Step 3: each in turn requires SASL of its peers, which all authenticate by now.
        foreach (var member in ensemble.Members)
        {
            await member.StopAsync();
            QuorumTlsFixture.Configure(member, QuorumSaslFiles.Settings(true, true));
            member.Start();
            await ensemble.WaitForQuorumAsync(Settle);
        }
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "required");
    }
}
