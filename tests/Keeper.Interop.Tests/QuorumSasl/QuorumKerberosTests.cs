using Keeper.Interop.Tests.Ensemble;
using Keeper.TestSupport;
using static Keeper.Interop.Tests.QuorumTls.QuorumTlsWatch;

namespace Keeper.Interop.Tests.QuorumSasl;

/// <summary>
/// Quorum SASL with Kerberos (GSSAPI) through a test KDC, every member its own zkquorum/127.0.0.N principal and dialling
/// zkquorum/_HOST: all-Apache (to show the setup is right), all-ours and mixed ensembles elect and replicate, with both
/// sides of the exchange seen in each kind's log; a member whose learner principal is valid but not of a server host is
/// refused (one line, the rest serve, nobody crashes); a member whose keytab holds a stale key cannot log in and stops at
/// startup, as Apache's does.
/// </summary>
public sealed class QuorumKerberosTests(QuorumKerberosFixture kerberos) : IClassFixture<QuorumKerberosFixture>
{
    private const string K = ServerKinds.Keeper;
    private const string A = ServerKinds.Apache;

    public static TheoryData<string, string, string> Kinds => new()
    {
        { A, A, A },
        { K, K, K },
        { K, A, K },
        { A, K, A },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_ensemble_with_quorum_kerberos_required_elects_and_replicates(string first, string second, string third)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([first, second, third], ShortTicks);
        foreach (var member in ensemble.Members) kerberos.Configure(member);
        ensemble.StartAll();

        var leader = await ensemble.WaitForQuorumAsync(Settle);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "krb");
        await QuorumSaslFiles.AssertAuthenticatedBothWaysAsync(ensemble);
        foreach (var member in ensemble.Members.Where(m => m.Kind == K))
            Assert.NotNull(await LineAsync(member, TimeSpan.Zero, "Quorum learner SASL (GSSAPI) as", QuorumKerberosFixture.PrincipalOf(member.Id)));
        // The logins checked were Kerberos ones: each kind names a peer's principal it authenticated, in a mixed
        // ensemble one of the other kind's (so Java's GSSAPI client and server each met ours).
        foreach (var kind in ensemble.Members.Select(m => m.Kind).Distinct())
        {
            var peers = ensemble.Members.Where(m => m.Kind != kind).ToList();
            if (peers.Count == 0) peers = [.. ensemble.Members];
            bool named = false;
            foreach (var member in ensemble.Members.Where(m => m.Kind == kind))
                foreach (var peer in peers.Where(p => p.Id != member.Id))
                {
                    var principal = QuorumKerberosFixture.PrincipalOf(peer.Id);
                    named |= await LineAsync(member, TimeSpan.Zero, kind == K
                        ? ["Successfully completed the authentication using SASL. learner addr", $"user: {principal}"]
                        : [$"Successfully authenticated learner: authenticationID={principal};", $"authorizationID={principal}."]) is not null;
                }
            Assert.True(named, $"no {kind} server named the Kerberos principal of a peer {(peers.Any(p => p.Kind != kind) ? "of the other kind" : "")}\n{ensemble.Diagnostics()}");
        }

        if (first != second) await FailOverToTheOtherKindAndCatchUpAsync(ensemble, leader);
    }

    public static TheoryData<string, string, string> Mixes => new()
    {
        { K, A, K },
        { A, K, A },
    };

    [Theory]
    [MemberData(nameof(Mixes))]
    public async Task With_kerberos_enabled_but_not_required_a_member_that_does_not_authenticate_is_let_in(string first, string second, string third)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([first, second, third], ShortTicks);
        kerberos.Configure(ensemble[1], learnerRequire: true, serverRequire: false);
        kerberos.Configure(ensemble[2], learnerRequire: false, serverRequire: false);
        kerberos.Configure(ensemble[3], learnerRequire: true, serverRequire: false);
        ensemble.StartAll();

        await ensemble.WaitForQuorumAsync(Settle);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "optional");
        // 1 and 3 authenticate (with Kerberos) wherever they dial; 2 never does, and is let in all the same.
        await QuorumSaslFiles.AssertAuthenticatedBothWaysAsync(ensemble, [ensemble[1], ensemble[3]]);
        Assert.Null(await LineAsync(ensemble[2], TimeSpan.Zero, "Successfully completed the authentication using SASL. server addr"));
        AssertNobodyCrashed(ensemble);
    }

    [Theory]
    [InlineData(K, K)]
    [InlineData(A, A)]
    [InlineData(A, K)]
    [InlineData(K, A)]
    public async Task A_member_whose_principal_is_not_of_a_server_host_is_refused_and_the_rest_keep_serving(string kind, string outsiderKind)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, outsiderKind], ShortTicks);
        kerberos.Configure(ensemble[1]);
        kerberos.Configure(ensemble[2]);
        kerberos.Configure(ensemble[3], learnerPrincipal: QuorumKerberosFixture.OutsiderPrincipal);
        ensemble.StartAll();

        await ensemble.WaitForQuorumAsync(Settle, serving: 2);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "authz");
        // Both kinds say it in the same words (SaslQuorumServerCallbackHandler's, and ours).
        var refusal = $"{QuorumKerberosFixture.OutsiderPrincipal} is not authorized to connect";
        var refused = await LineAsync(ensemble[2], Settle, refusal) ?? await LineAsync(ensemble[1], TimeSpan.Zero, refusal);
        Assert.True(refused is not null, ensemble.Diagnostics());
        var learnerSees = outsiderKind == A ? "Authentication failed against server addr" : "failed: the server refused us (our principal is not authorised there";
        Assert.NotNull(await LineAsync(ensemble[3], Settle, learnerSees));
        await AssertNeverServesAsync(ensemble, ensemble[3], TimeSpan.FromSeconds(8));
        AssertNobodyCrashed(ensemble);
        if (kind == K)
        {
            // One line per refused connection: the refusal, not a stack trace.
            var lines = File.ReadAllLines(ensemble[2].OutputFile).Concat(File.ReadAllLines(ensemble[1].OutputFile))
                .Where(l => l.Contains(QuorumKerberosFixture.OutsiderPrincipal, StringComparison.Ordinal)).ToList();
            Assert.All(lines, l => Assert.Contains(refusal, l));
        }

        // With its own principal it joins and has what was written meanwhile.
        await ensemble[3].StopAsync();
        kerberos.Configure(ensemble[3]);
        ensemble[3].Start();
        await ensemble.WaitForQuorumAsync(Settle);
        await using var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(ensemble[3].ConnectString), Settle);
        await client.SyncAsync("/");
        Assert.Equal($"{kind} 1", await client.ReadAsync("/authz1"));
        await QuorumSaslFiles.AssertAuthenticatedBothWaysAsync(ensemble);
    }

    [Theory]
    [InlineData(K)]
    [InlineData(A)]
    public async Task A_member_with_a_stale_keytab_stops_at_startup_and_the_rest_keep_serving(string kind)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, kind], ShortTicks);
        kerberos.Configure(ensemble[1]);
        kerberos.Configure(ensemble[2]);
        kerberos.Configure(ensemble[3], learnerKeytab: kerberos.StaleKeytabOf3);
        ensemble.StartAll();

        await ensemble.WaitForQuorumAsync(Settle, serving: 2);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "stale");
        var why = kind == A ? "Failed to initialize authentication mechanism using SASL" : "the quorum learner cannot log in as " + QuorumKerberosFixture.PrincipalOf(3);
        Assert.True(await LineAsync(ensemble[3], Settle, why) is not null, ensemble.Diagnostics());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (ensemble[3].IsRunning && clock.Elapsed < Settle) await Task.Delay(250);
        Assert.False(ensemble[3].IsRunning, $"server 3 still runs with a stale keytab\n{ensemble.Diagnostics()}");
        Assert.All(ensemble.Members.Where(m => m.Id != 3), m => Assert.True(m.IsRunning, $"server {m.Id} exited\n{ensemble.Diagnostics()}"));
        if (kind == K) Assert.DoesNotContain("Unhandled exception", File.ReadAllText(ensemble[3].OutputFile));
    }

    [Theory]
    [InlineData(K)]
    [InlineData(A)]
    public async Task Kerberos_on_the_client_port_and_the_quorum_port_of_the_same_servers(string kind)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, kind], ShortTicks);
        foreach (var member in ensemble.Members) kerberos.Configure(member, clientPortToo: true);
        ensemble.StartAll();
        await ensemble.WaitForQuorumAsync(Settle);
        await QuorumSaslFiles.AssertAuthenticatedBothWaysAsync(ensemble);

        // alice logs in with Kerberos through one member and her node (readable by her only) is read through another.
        var jaas = Path.Combine(kerberos.Kdc.Directory, $"alice-{Guid.NewGuid():N}.jaas");
        File.WriteAllText(jaas, $"Client {{\n{TestKdc.Krb5LoginEntry(QuorumKerberosFixture.AlicePrincipal, kerberos.KeytabOf(QuorumKerberosFixture.AlicePrincipal))}\n}};\n");
        var environment = new Dictionary<string, string>
        {
            // The members listen on 127.0.0.N; the client port's principal names localhost, so the client is told it.
            ["CLIENT_JVMFLAGS"] = $"-Djava.security.auth.login.config={jaas} -Djava.security.krb5.conf={kerberos.Kdc.Krb5Conf} " +
                $"-Dzookeeper.server.principal={QuorumKerberosFixture.ClientPortPrincipal}",
        };
        var created = await ZkCliAsync(ensemble[1], environment, "create", "/kboth", "hers", $"sasl:{QuorumKerberosFixture.AlicePrincipal}:cdrwa");
        Assert.Contains("Created /kboth", created.StdOut);
        await using (var client = await EnsembleClient.EventuallyAsync(() => EnsembleClient.ConnectAsync(ensemble[2].ConnectString), Settle))
            await client.SyncAsync("/");
        var read = await ZkCliAsync(ensemble[2], environment, "get", "/kboth");
        Assert.Contains("hers", read.StdOut.Split('\n').Select(l => l.Trim()));
        // Without her login the node is not readable: the ACL is hers.
        var anonymous = await ZkCliAsync(ensemble[3], new Dictionary<string, string>(), "get", "/kboth");
        Assert.Contains("Insufficient permission : /kboth", anonymous.StdOut);
        AssertNobodyCrashed(ensemble);
    }

    private static Task<ProcessResult> ZkCliAsync(EnsembleMember member, IDictionary<string, string> environment, params string[] command) =>
        Tools.RunMergedAsync(Tools.ZkCli, ["-server", member.ConnectString, "-waitforconnection", .. command],
            timeout: TimeSpan.FromSeconds(60), environment: environment);

    private static void AssertNobodyCrashed(Keeper.TestSupport.Ensemble ensemble)
    {
        Assert.All(ensemble.Members, m => Assert.True(m.IsRunning, $"server {m.Id} exited\n{ensemble.Diagnostics()}"));
        Assert.All(ensemble.Members.Where(m => m.Kind == K),
            m => Assert.DoesNotContain("Unhandled exception", File.ReadAllText(m.OutputFile)));
    }
}
