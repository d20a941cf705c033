using Keeper.Interop.Tests.Ensemble;
using Keeper.TestSupport;
using static Keeper.Interop.Tests.QuorumTls.QuorumTlsWatch;

namespace Keeper.Interop.Tests.QuorumTls;

/// <summary>
/// sslQuorum=true between our servers: the election and quorum ports speak only TLS, with key stores in each format
/// ZooKeeper takes, and a peer that speaks plaintext, shows an untrusted certificate or one naming another host stays
/// out (one log line per refused connection, no crash).
/// </summary>
public sealed class QuorumTlsTests(QuorumTlsFixture fixture) : IClassFixture<QuorumTlsFixture>
{
    [Fact]
    public async Task Our_servers_form_a_quorum_over_TLS_with_every_store_format_and_a_plaintext_peer_cannot_join()
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create(3, ShortTicks);
        QuorumTlsFixture.Configure(ensemble[1], fixture.Settings("peer", "jks"));
        QuorumTlsFixture.Configure(ensemble[2], fixture.Settings("peer", "p12"));
        QuorumTlsFixture.Configure(ensemble[3], QuorumTlsFixture.Plaintext);
        ensemble.StartAll();

        await ensemble.WaitForQuorumAsync(Settle, serving: 2);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "tls");
        Assert.NotNull(await LineAsync(ensemble[2], Settle, "TLS handshake complete with 127.0.0.2:", "TLSv1.2"));
        Assert.True(await LineAsync(ensemble[1], Settle, "Blocked plaintext quorum connection from") is not null
            || await LineAsync(ensemble[2], TimeSpan.Zero, "Blocked plaintext quorum connection from") is not null, ensemble.Diagnostics());
        await AssertNeverServesAsync(ensemble, ensemble[3], TimeSpan.FromSeconds(8));

        // The same server with TLS on (a PEM store) joins and has what was written meanwhile.
        await ensemble[3].StopAsync();
        QuorumTlsFixture.Configure(ensemble[3], fixture.Settings("peer", "pem"));
        ensemble[3].Start();
        await ensemble.WaitForQuorumAsync(Settle);
        await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(ensemble[3].ConnectString), Settle);
        await client.SyncAsync("/");
        Assert.Equal("keeper 1", await client.ReadAsync("/tls1"));
    }

    [Theory]
    [InlineData("rogue", "is not trusted")]
    [InlineData("elsewhere", "names neither the peer's address")]
    public async Task A_peer_with_an_untrusted_or_misnamed_certificate_is_refused_with_one_line_and_nobody_crashes(string identity, string reason)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create(3, ShortTicks);
        QuorumTlsFixture.Configure(ensemble[1], fixture.Settings("peer", "p12"));
        QuorumTlsFixture.Configure(ensemble[2], fixture.Settings("peer", "p12"));
        QuorumTlsFixture.Configure(ensemble[3], fixture.Settings(identity, "p12"));
        ensemble.StartAll();

        await ensemble.WaitForQuorumAsync(Settle, serving: 2);
        var refused = await LineAsync(ensemble[1], Settle, "Unsuccessful quorum TLS handshake from 127.0.0.", reason)
            ?? await LineAsync(ensemble[2], TimeSpan.Zero, "Unsuccessful quorum TLS handshake from 127.0.0.", reason);
        Assert.True(refused is not null, ensemble.Diagnostics());
        await AssertNeverServesAsync(ensemble, ensemble[3], TimeSpan.FromSeconds(8));

        Assert.All(ensemble.Members, m => Assert.True(m.IsRunning, $"server {m.Id} exited\n{ensemble.Diagnostics()}"));
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "after");
    }

    [Theory]
    [InlineData("jks", "wrong-password", "password")]
    [InlineData("p12", "wrong-password", "password")]
    [InlineData("p12", "missing-file", "no-such-store.p12")]
    public async Task A_quorum_key_store_that_cannot_be_read_stops_our_server_at_startup_naming_the_store(string format, string fault, string detail)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create(3, ShortTicks);
        var settings = fixture.Settings("peer", format);
        if (fault == "wrong-password") settings["ssl.quorum.keyStore.password"] = "not-the-password";
        else settings["ssl.quorum.keyStore.location"] = Path.Combine(fixture.Stores.Dir, "no-such-store.p12");
        QuorumTlsFixture.Configure(ensemble[1], settings);
        ensemble[1].Start();

        for (int i = 0; i < 150 && ensemble[1].IsRunning; i++) await Task.Delay(200);
        Assert.False(ensemble[1].IsRunning, "the server kept running\n" + ensemble.Diagnostics());
        var line = await LineAsync(ensemble[1], TimeSpan.Zero, "Cannot set up quorum TLS (ssl.quorum.keyStore.*", "key store", detail);
        Assert.True(line is not null, ensemble.Diagnostics());
        Assert.False(Directory.Exists(Path.Combine(ensemble[1].DataDir, "version-2")), "the data dir was touched");
    }

    [Fact]
    public async Task With_sslQuorumReloadCertFiles_a_replaced_key_store_is_reread_and_shown_on_new_connections()
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create(3, ShortTicks);
        var stores = fixture.Stores;
        var own = Path.Combine(stores.Dir, $"server1-{Guid.NewGuid():N}.p12");
        File.Copy(stores.KeyStore("peer", "p12"), own);
        foreach (var member in ensemble.Members)
        {
            var settings = fixture.Settings("peer", "p12");
            settings["sslQuorumReloadCertFiles"] = "true";
            if (member.Id == 1) settings["ssl.quorum.keyStore.location"] = own;
            QuorumTlsFixture.Configure(member, settings);
        }

        ensemble.StartAll();
        await ensemble.WaitForQuorumAsync(Settle);

        // Server 1's key store is replaced (a rename onto the watched file, as certificate tools do it) by one the others
        // do not trust: once reread, every new connection to or from server 1 shows it, and is refused.
        var next = own + ".new";
        File.Copy(stores.KeyStore("rogue", "p12"), next);
        File.Move(next, own, overwrite: true);
        var reloaded = await LineAsync(ensemble[1], Settle, "Reloaded the quorum's key and trust stores; certificate CN=rogue");
        Assert.True(reloaded is not null, ensemble.Diagnostics());

        await ensemble[2].StopAsync();
        await ensemble[3].StopAsync();
        ensemble[2].Start();
        ensemble[3].Start();
        await ensemble.WaitForQuorumAsync(Settle, serving: 2);
        var refused = await LineAsync(ensemble[2], Settle, "Unsuccessful quorum TLS handshake from", "CN=rogue", "is not trusted")
            ?? await LineAsync(ensemble[3], TimeSpan.Zero, "Unsuccessful quorum TLS handshake from", "CN=rogue", "is not trusted");
        Assert.True(refused is not null, ensemble.Diagnostics());
        await AssertNeverServesAsync(ensemble, ensemble[1], TimeSpan.FromSeconds(5));
    }
}
