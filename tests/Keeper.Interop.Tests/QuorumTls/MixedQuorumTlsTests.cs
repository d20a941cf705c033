using Keeper.Interop.Tests.Ensemble;
using Keeper.TestSupport;
using static Keeper.Interop.Tests.QuorumTls.QuorumTlsWatch;

namespace Keeper.Interop.Tests.QuorumTls;

/// <summary>
/// sslQuorum=true in ensembles mixing our servers with Debian's Apache ZooKeeper 3.8, each with the same zoo.cfg keys:
/// TLS both ways between the kinds on the election and quorum ports, with a leader of either kind; and the rolling move
/// from plaintext to TLS that portUnification=true allows.
/// </summary>
public sealed class MixedQuorumTlsTests(QuorumTlsFixture fixture) : IClassFixture<QuorumTlsFixture>
{
    private const string K = ServerKinds.Keeper;
    private const string A = ServerKinds.Apache;

    /// <summary>
    /// Kinds by sid. All start from zxid 0, so the largest sid among the first to meet leads (usually 3, or 2 if it and
    /// 1 are up before 3), and with it killed, the other of 2 and 3: each mix thus has one leader of each kind in turn.
    /// The last value is <c>ssl.quorum.protocol</c>.
    /// </summary>
    public static TheoryData<string, string, string, string> Mixes => new()
    {
        { K, A, K, "TLSv1.2" },
        { A, K, A, "TLSv1.3" },
    };

    [Theory]
    [MemberData(nameof(Mixes))]
    public async Task A_mixed_ensemble_replicates_over_TLS_under_a_leader_of_either_kind(string first, string second, string third,
        string protocol)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([first, second, third], ShortTicks);
        var settings = fixture.Settings("peer", "p12");
        settings["ssl.quorum.protocol"] = protocol;
        // Apache 3.8.0's default suites are TLS 1.2 ones only: with TLSv1.3 and no list, it fails its own handshakes ("No
        // appropriate protocol"), so TLS 1.3 ensembles name theirs.
        if (protocol == "TLSv1.3") settings["ssl.quorum.ciphersuites"] = "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384";
        foreach (var member in ensemble.Members) QuorumTlsFixture.Configure(member, settings);
        ensemble.StartAll();

        var leader = await ensemble.WaitForQuorumAsync(Settle);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "first");
        foreach (var member in ensemble.Members) await AssertSpokeTlsAsync(ensemble, member, protocol);

        await FailOverToTheOtherKindAndCatchUpAsync(ensemble, leader);
    }

    [Fact]
    public async Task With_port_unification_a_mixed_ensemble_moves_from_plaintext_to_TLS_one_server_at_a_time()
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([K, A, K], ShortTicks);
        foreach (var member in ensemble.Members)
            QuorumTlsFixture.Configure(member, fixture.Settings("peer", "jks", sslQuorum: false, portUnification: true));
        ensemble.StartAll();
        await ensemble.WaitForQuorumAsync(Settle);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "plain");

        // Step by step, as Apache's upgrade guide has it: each server in turn restarts dialling TLS, while the ones not yet
        // restarted still dial plaintext into its unified ports.
        foreach (var member in ensemble.Members)
        {
            await member.StopAsync();
            QuorumTlsFixture.Configure(member, fixture.Settings("peer", "jks", sslQuorum: true, portUnification: true));
            member.Start();
            await ensemble.WaitForQuorumAsync(Settle);
            await AssertSpokeTlsAsync(ensemble, member, "TLSv1.2");
        }

        await WriteThroughEachAndReadEverywhereAsync(ensemble, "tls");
    }

    // Apache logs each handshake its dialling side completes (QuorumCnxManager, Learner); ours logs the same event.
    private static async Task AssertSpokeTlsAsync(Keeper.TestSupport.Ensemble ensemble, EnsembleMember member, string protocol)
    {
        var marker = member.Kind == A ? "SSL handshake complete with" : "TLS handshake complete with";
        var line = await LineAsync(member, Settle, marker, $" - {protocol} - ");
        Assert.True(line is not null, $"server {member.Id} ({member.Kind}) logged no quorum TLS handshake\n{ensemble.Diagnostics()}");
    }
}
