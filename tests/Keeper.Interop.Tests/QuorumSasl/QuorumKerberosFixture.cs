using Keeper.TestSupport;

namespace Keeper.Interop.Tests.QuorumSasl;

/// <summary>
/// A test KDC (realm KEEPER.TEST) for quorum Kerberos, as Apache's guide sets it up with _HOST: each ensemble member N
/// (at 127.0.0.N+1) is zkquorum/127.0.0.N+1@KEEPER.TEST, whose keytab its QuorumServer section accepts with and its
/// QuorumLearner section logs in with, and every member dials zkquorum/_HOST. Also: zkquorum/127.0.0.9 (a valid
/// principal of a host that is not a server), and a stale keytab of member 3's principal (its key was drawn again).
/// </summary>
public class QuorumKerberosFixture : IAsyncLifetime
{
    public const string ServicePrincipal = "zkquorum/_HOST";

    private readonly Dictionary<string, string> _keytabs = [];

    public TestKdc Kdc { get; private set; } = null!;

    /// <summary>A keytab with an old key of <see cref="PrincipalOf"/>(3), which the KDC no longer accepts.</summary>
    public string StaleKeytabOf3 { get; private set; } = "";

    public const string OutsiderPrincipal = "zkquorum/127.0.0.9@" + TestKdc.DefaultRealm;

    /// <summary>The client port's principal (a JAAS Server section), for members that serve Kerberos logins to clients too.</summary>
    public const string ClientPortPrincipal = "zookeeper/localhost@" + TestKdc.DefaultRealm;

    /// <summary>A client who logs in to the client port with Kerberos.</summary>
    public const string AlicePrincipal = "alice@" + TestKdc.DefaultRealm;

    public async Task InitializeAsync()
    {
        Kdc = await TestKdc.StartAsync();
        for (int id = 1; id <= 3; id++)
        {
            var principal = PrincipalOf(id);
            if (id == 3) StaleKeytabOf3 = await Kdc.AddPrincipalWithKeytabAsync(principal);
            _keytabs[principal] = id == 3 ? await Kdc.ExportKeytabAsync(principal) : await Kdc.AddPrincipalWithKeytabAsync(principal);
        }
        _keytabs[OutsiderPrincipal] = await Kdc.AddPrincipalWithKeytabAsync(OutsiderPrincipal);
        _keytabs[ClientPortPrincipal] = await Kdc.AddPrincipalWithKeytabAsync(ClientPortPrincipal);
        _keytabs[AlicePrincipal] = await Kdc.AddPrincipalWithKeytabAsync(AlicePrincipal);
        if (MaxTicketLifeSeconds is { } seconds)
            for (int id = 1; id <= 3; id++) await Kdc.SetMaxLifeAsync(PrincipalOf(id), seconds);
    }

    /// <summary>How long the members' tickets last (null: the realm's 24 h).</summary>
    protected virtual int? MaxTicketLifeSeconds => null;

    public static string PrincipalOf(long id) => $"zkquorum/127.0.0.{1 + id}@{TestKdc.DefaultRealm}";

    public string KeytabOf(string principal) => _keytabs[principal];

    /// <summary>
    /// Gives <paramref name="member"/> its JAAS file (QuorumServer accepting as its own principal, QuorumLearner logging
    /// in as <paramref name="learnerPrincipal"/>, default its own, with <paramref name="learnerKeytab"/>) and the KDC's
    /// krb5.conf as -D options (Apache's JVM command line, SERVER_JVMFLAGS for ours), and the quorum.auth.* keys.
    /// </summary>
    /// <param name="clientPortToo">Also a Server section (<see cref="ClientPortPrincipal"/>) and the SASL auth provider: Kerberos on both ports.</param>
    public void Configure(EnsembleMember member, bool learnerRequire = true, bool serverRequire = true,
        string? learnerPrincipal = null, string? learnerKeytab = null, bool clientPortToo = false)
    {
        var own = PrincipalOf(member.Id);
        learnerPrincipal ??= own;
        var jaas = Path.Combine(Kdc.Directory, $"quorum-{member.Id}-{Guid.NewGuid():N}.jaas");
        File.WriteAllText(jaas, $$"""
            QuorumServer {
            {{TestKdc.Krb5LoginEntry(own, KeytabOf(own))}}
            };
            QuorumLearner {
            {{TestKdc.Krb5LoginEntry(learnerPrincipal, learnerKeytab ?? KeytabOf(learnerPrincipal))}}
            };
            """ + (clientPortToo ? $$"""

            Server {
            {{TestKdc.Krb5LoginEntry(ClientPortPrincipal, KeytabOf(ClientPortPrincipal))}}
            };
            """ : ""));
        member.JvmFlags = [$"-Djava.security.auth.login.config={jaas}", $"-Djava.security.krb5.conf={Kdc.Krb5Conf}"];
        var settings = QuorumSaslFiles.Settings(learnerRequire, serverRequire);
        settings["quorum.auth.kerberos.servicePrincipal"] = ServicePrincipal;
        if (clientPortToo) settings["authProvider.1"] = Sasl.SaslFixture.SaslProvider;
        QuorumTls.QuorumTlsFixture.Configure(member, settings);
    }

    public async Task DisposeAsync()
    {
        if (Kdc is not null) await Kdc.DisposeAsync();
    }
}

/// <summary>The same principals, whose tickets last 10 s: the learners must get new ones from their keytabs as they expire.</summary>
public sealed class ShortTicketQuorumKerberosFixture : QuorumKerberosFixture
{
    public const int LifeSeconds = 10;

    protected override int? MaxTicketLifeSeconds => LifeSeconds;
}

