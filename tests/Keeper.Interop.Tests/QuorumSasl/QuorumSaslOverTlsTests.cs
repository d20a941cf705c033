using Keeper.Interop.Tests.QuorumTls;
using Keeper.TestSupport;
using static Keeper.Interop.Tests.QuorumTls.QuorumTlsWatch;

namespace Keeper.Interop.Tests.QuorumSasl;

/// <summary>
/// sslQuorum=true and quorum SASL required together in a mixed ensemble: each connection's TLS handshake comes first and
/// the SASL exchange runs inside it, in the same order on both kinds, or the peers would not understand each other.
/// </summary>
public sealed class QuorumSaslOverTlsTests(QuorumTlsFixture fixture) : IClassFixture<QuorumTlsFixture>, IDisposable
{
    private readonly QuorumSaslFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_mixed_ensemble_authenticates_with_sasl_inside_quorum_tls()
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([ServerKinds.Keeper, ServerKinds.Apache, ServerKinds.Keeper],
            ShortTicks, jvmFlags: QuorumSaslFiles.JvmFlags(_files.Jaas()));
        var settings = fixture.Settings("peer", "p12");
        foreach (var (key, value) in QuorumSaslFiles.Settings(true, true)) settings[key] = value;
        foreach (var member in ensemble.Members) QuorumTlsFixture.Configure(member, settings);
        ensemble.StartAll();

        await ensemble.WaitForQuorumAsync(Settle);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "tls-sasl");
        await QuorumSaslFiles.AssertAuthenticatedBothWaysAsync(ensemble);
        Assert.NotNull(await LineAsync(ensemble[1], Settle, "TLS handshake complete with"));
        Assert.NotNull(await LineAsync(ensemble[2], Settle, "SSL handshake complete with"));
    }
}
