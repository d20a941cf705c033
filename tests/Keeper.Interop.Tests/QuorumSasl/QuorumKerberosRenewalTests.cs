using System.Text.RegularExpressions;
using Keeper.TestSupport;
using static Keeper.Interop.Tests.QuorumTls.QuorumTlsWatch;

namespace Keeper.Interop.Tests.QuorumSasl;

/// <summary>
/// Our learners' tickets outlive nothing: with 10 s tickets, well after every ticket got at startup has expired, the
/// leader is killed and the follower must authenticate anew to the new leader (SASL required) to replicate; the KDC's
/// log shows it getting a new ticket-granting ticket with its keytab meanwhile.
/// </summary>
public sealed partial class QuorumKerberosRenewalTests(ShortTicketQuorumKerberosFixture kerberos) : IClassFixture<ShortTicketQuorumKerberosFixture>
{
    [Fact]
    public async Task Learners_get_new_tickets_from_their_keytabs_after_theirs_expire()
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([ServerKinds.Keeper, ServerKinds.Keeper, ServerKinds.Keeper], ShortTicks);
        foreach (var member in ensemble.Members) kerberos.Configure(member);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "before");
        var survivors = ensemble.Members.Where(m => m.Id != leader.Id).ToList();
        var before = survivors.ToDictionary(m => m.Id, m => TicketsIssuedTo(QuorumKerberosFixture.PrincipalOf(m.Id)));

        // Every ticket got so far has expired after this (two and a half lifetimes).
        await Task.Delay(TimeSpan.FromSeconds(ShortTicketQuorumKerberosFixture.LifeSeconds * 2.5));
        await leader.KillAsync();
        var next = await ensemble.WaitForQuorumAsync(Settle, serving: 2);
        await WriteThroughEachAndReadEverywhereAsync(ensemble, "after");

        // The new follower dialled the new leader's quorum port, with SASL required, so needed a new ticket (the new
        // leader may dial no one: its election connections outlive tickets).
        Assert.All(survivors, m => Assert.True(m.IsRunning, ensemble.Diagnostics()));
        foreach (var member in survivors.Where(m => m.Id != next.Id))
        {
            var principal = QuorumKerberosFixture.PrincipalOf(member.Id);
            Assert.True(TicketsIssuedTo(principal) > before[member.Id],
                $"no new ticket-granting ticket for {principal} after its first ones expired\n{kerberos.Kdc.Diagnostics()}");
            Assert.NotNull(await LineAsync(member, TimeSpan.Zero, "Successfully completed the authentication using SASL. server addr", $"(leader {next.Id})"));
        }
    }

    // kdc.log's "AS_REQ (...) ...: ISSUE: authtime ..., PRINCIPAL for krbtgt/REALM@REALM" lines: a TGT issued to PRINCIPAL.
    private int TicketsIssuedTo(string principal) =>
        kerberos.Kdc.Log().Split('\n').Count(line => AsReqIssued().IsMatch(line) && line.Contains($", {principal} for krbtgt/", StringComparison.Ordinal));

    [GeneratedRegex(@"AS_REQ .*ISSUE:")]
    private static partial Regex AsReqIssued();
}
