using Keeper.Interop.Tests.Ensemble;
using Keeper.Interop.Tests.QuorumTls;
using Keeper.TestSupport;
using static Keeper.Interop.Tests.QuorumTls.QuorumTlsWatch;

namespace Keeper.Interop.Tests.QuorumSasl;

/// <summary>
/// quorum.auth.* with SASL required: two servers (ours, or Apache's to compare) form and replicate, and our third server,
/// whose JAAS file has the wrong password, stays out (one line per refused connection, nobody crashes) until it is fixed.
/// </summary>
public sealed class QuorumSaslTests : IDisposable
{
    private const string Refused = "quorum SASL authentication failed: wrong password for user 'zkpeer'";

    private readonly QuorumSaslFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(ServerKinds.Keeper)]
    [InlineData(ServerKinds.Apache)]
    public async Task With_sasl_required_a_member_with_the_wrong_password_cannot_join_and_the_rest_keep_serving(string kind)
    {
        var good = _files.Jaas();
        // Apache takes the JAAS file from -D only; ours take it from there too, and member 3 from its zoo.cfg (which wins).
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, ServerKinds.Keeper], ShortTicks,
            jvmFlags: QuorumSaslFiles.JvmFlags(good));
        QuorumTlsFixture.Configure(ensemble[1], QuorumSaslFiles.Settings(true, true));
        QuorumTlsFixture.Configure(ensemble[2], QuorumSaslFiles.Settings(true, true));
        QuorumTlsFixture.Configure(ensemble[3], QuorumSaslFiles.Settings(true, true, _files.Jaas("wrong-secret")));
        ensemble.StartAll();

        await ensemble.WaitForQuorumAsync(Settle, serving: 2);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "sasl");
        await QuorumSaslFiles.AssertAuthenticatedBothWaysAsync(ensemble, [ensemble[1], ensemble[2]]);
        // Server 3's logins are refused where they land, since its learner's password is wrong ...
        var marker = kind == ServerKinds.Apache ? "Failed to authenticate using SASL" : Refused;
        var refused = await LineAsync(ensemble[2], Settle, marker) ?? await LineAsync(ensemble[1], TimeSpan.Zero, marker);
        Assert.True(refused is not null, ensemble.Diagnostics());
        Assert.NotNull(await LineAsync(ensemble[3], Settle, "failed: the server refused us"));
        // ... and it refuses theirs, since its own QuorumServer section knows another password.
        Assert.NotNull(await LineAsync(ensemble[3], Settle, Refused));
        await AssertNeverServesAsync(ensemble, ensemble[3], TimeSpan.FromSeconds(8));
        Assert.All(ensemble.Members, m => Assert.True(m.IsRunning, $"server {m.Id} exited\n{ensemble.Diagnostics()}"));
        Assert.All(ensemble.Members.Where(m => m.Kind == ServerKinds.Keeper),
            m => Assert.DoesNotContain("Unhandled exception", File.ReadAllText(m.OutputFile)));

        // With the right password it joins and has what was written meanwhile.
        await ensemble[3].StopAsync();
        QuorumTlsFixture.Configure(ensemble[3], QuorumSaslFiles.Settings(true, true, good));
        ensemble[3].Start();
        await ensemble.WaitForQuorumAsync(Settle);
        await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(ensemble[3].ConnectString), Settle);
        await client.SyncAsync("/");
        Assert.Equal($"{kind} 1", await client.ReadAsync("/sasl1"));
    }
}
