using Keeper.Interop.Tests.Ensemble;
using Keeper.Interop.Tests.QuorumTls;
using static Keeper.Interop.Tests.QuorumTls.QuorumTlsWatch;

namespace Keeper.Interop.Tests.QuorumSasl;

/// <summary>
/// quorum.auth.* between our servers: with SASL required both ways the ensemble forms and replicates, and a member whose
/// JAAS file has the wrong password stays out (one line per refused connection, nobody crashes) until it is fixed.
/// </summary>
public sealed class QuorumSaslTests : IDisposable
{
    private readonly QuorumSaslFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task With_sasl_required_our_servers_replicate_and_a_member_with_the_wrong_password_cannot_join()
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create(3, ShortTicks);
        var good = _files.Jaas();
        QuorumTlsFixture.Configure(ensemble[1], QuorumSaslFiles.Settings(true, true, good));
        QuorumTlsFixture.Configure(ensemble[2], QuorumSaslFiles.Settings(true, true, good));
        QuorumTlsFixture.Configure(ensemble[3], QuorumSaslFiles.Settings(true, true, _files.Jaas("wrong-secret")));
        ensemble.StartAll();

        await ensemble.WaitForQuorumAsync(Settle, serving: 2);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "sasl");
        await QuorumSaslFiles.AssertAuthenticatedBothWaysAsync(ensemble, [ensemble[1], ensemble[2]]);
        // Server 3's logins are refused where they land (its learner's password is wrong) ...
        var refused = await LineAsync(ensemble[2], Settle, "quorum SASL authentication failed: wrong password for user 'zkpeer'")
            ?? await LineAsync(ensemble[1], TimeSpan.Zero, "quorum SASL authentication failed: wrong password for user 'zkpeer'");
        Assert.True(refused is not null, ensemble.Diagnostics());
        // ... and it refuses theirs (its own server section knows another password).
        Assert.NotNull(await LineAsync(ensemble[3], Settle, "quorum SASL authentication failed: wrong password for user 'zkpeer'"));
        await AssertNeverServesAsync(ensemble, ensemble[3], TimeSpan.FromSeconds(8));
        Assert.All(ensemble.Members, m => Assert.True(m.IsRunning, $"server {m.Id} exited\n{ensemble.Diagnostics()}"));
        Assert.All(ensemble.Members, m => Assert.DoesNotContain("Unhandled exception", File.ReadAllText(m.OutputFile)));

        // With the right password it joins and has what was written meanwhile.
        await ensemble[3].StopAsync();
        QuorumTlsFixture.Configure(ensemble[3], QuorumSaslFiles.Settings(true, true, good));
        ensemble[3].Start();
        await ensemble.WaitForQuorumAsync(Settle);
        await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(ensemble[3].ConnectString), Settle);
        await client.SyncAsync("/");
        Assert.Equal("keeper 1", await client.ReadAsync("/sasl1"));
    }
}
