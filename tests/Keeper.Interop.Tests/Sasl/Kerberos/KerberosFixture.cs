using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Sasl.Kerberos;

/// <summary>
/// A test KDC (realm KEEPER.TEST) and one server per kind logging in as zookeeper/localhost@KEEPER.TEST from a JAAS
/// Server section with Krb5LoginModule, configured the same way for both: zoo.cfg names the SASL auth provider,
/// <c>-Djava.security.auth.login.config</c> and <c>-Djava.security.krb5.conf</c> name the JAAS file and the KDC's
/// krb5.conf. Clients: alice and bob (keytabs), alice with a stale keytab (her key was drawn again after it was
/// exported), carol (deleted from the KDC after her keytab was exported), alice with an expired ticket cache, and
/// svc/localhost (a principal with a host part); admin@KEEPER.TEST is the servers' super user.
/// </summary>
public class KerberosFixture : ServerFixture
{
    public const string ServerPrincipal = "zookeeper/localhost@" + TestKdc.DefaultRealm;

    public KerberosFixture()
    {
        Kdc = TestKdc.StartAsync().GetAwaiter().GetResult();
        ServerKeytab = Kdc.AddPrincipalWithKeytabAsync(ServerPrincipal).GetAwaiter().GetResult();
        Kdc.AddPrincipalWithKeytabAsync("bob").GetAwaiter().GetResult();
        StaleAliceKeytab = Kdc.AddPrincipalWithKeytabAsync("alice").GetAwaiter().GetResult();
        AliceKeytab = Kdc.ExportKeytabAsync("alice").GetAwaiter().GetResult();
        BobKeytab = Kdc.ExportKeytabAsync("bob").GetAwaiter().GetResult();
        CarolKeytab = Kdc.AddPrincipalWithKeytabAsync("carol").GetAwaiter().GetResult();
        Kdc.DeletePrincipalAsync("carol").GetAwaiter().GetResult();
        ServiceKeytab = Kdc.AddPrincipalWithKeytabAsync("svc/localhost").GetAwaiter().GetResult();
        AdminKeytab = Kdc.AddPrincipalWithKeytabAsync("admin").GetAwaiter().GetResult();
        ServerJaas = Write("server.jaas", ServerSection(ServerKeytab));
    }

    public TestKdc Kdc { get; }

    public string ServerKeytab { get; }

    public string AliceKeytab { get; }

    public string StaleAliceKeytab { get; }

    public string BobKeytab { get; }

    public string CarolKeytab { get; }

    /// <summary>admin@KEEPER.TEST, the servers' <c>zookeeper.superUser</c>.</summary>
    public string AdminKeytab { get; }

    /// <summary>A two-component client principal, svc/localhost@KEEPER.TEST.</summary>
    public string ServiceKeytab { get; }

    public string ServerJaas { get; }

    /// <summary>A JAAS file whose Server section logs in as <see cref="ServerPrincipal"/> with <paramref name="keytab"/>.</summary>
    public static string ServerSection(string keytab, string principal = ServerPrincipal, string extraOptions = "") => $$"""
        Server {
            {{TestKdc.Krb5LoginEntry(principal, keytab).TrimEnd(';', '\n') + extraOptions}};
        };
        """;

    protected override IDictionary<string, string>? ExtraConfig => new Dictionary<string, string>
    {
        ["authProvider.1"] = SaslFixture.SaslProvider,
    };

    protected override string[]? JvmProperties => [.. ServerProperties(ServerJaas), $"zookeeper.superUser=admin@{TestKdc.DefaultRealm}"];

    /// <summary>The -D properties (name=value) that make a server log in with <paramref name="jaas"/> against this KDC.</summary>
    public string[] ServerProperties(string jaas) =>
        [$"java.security.auth.login.config={jaas}", $"java.security.krb5.conf={Kdc.Krb5Conf}"];

    /// <summary>A client JAAS file logging in as <paramref name="principal"/> with <paramref name="keytab"/>.</summary>
    public string ClientJaas(string principal, string keytab) =>
        Write($"client-{Guid.NewGuid():N}.jaas", $"Client {{\n{TestKdc.Krb5LoginEntry(Kdc.Principal(principal), keytab)}\n}};\n");

    /// <summary>A client JAAS file with a DIGEST-MD5 login (which a Kerberos server cannot serve).</summary>
    public string DigestClientJaas(string user, string password) => Write($"client-{Guid.NewGuid():N}.jaas", $$"""
        Client {
            org.apache.zookeeper.server.auth.DigestLoginModule required
                username="{{user}}"
                password="{{password}}";
        };
        """);

    /// <summary>A client JAAS file using only the ticket cache <paramref name="cache"/> (no keytab, no prompt).</summary>
    public string TicketCacheJaas(string cache) => Write($"client-{Guid.NewGuid():N}.jaas", $$"""
        Client {
            com.sun.security.auth.module.Krb5LoginModule required
                useKeyTab=false
                useTicketCache=true
                ticketCache="{{cache}}"
                doNotPrompt=true;
        };
        """);

    /// <summary>The environment that makes zkCli.sh log in with <paramref name="jaas"/> through this KDC.</summary>
    public IDictionary<string, string> ClientEnvironment(string jaas) => new Dictionary<string, string>
    {
        ["CLIENT_JVMFLAGS"] = $"-Djava.security.auth.login.config={jaas} -Djava.security.krb5.conf={Kdc.Krb5Conf}",
    };

    public string Write(string name, string text)
    {
        var path = Path.Combine(Kdc.Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Kdc.DisposeAsync();
    }
}
