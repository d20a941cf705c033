using System.Net;
using System.Net.Sockets;

namespace Keeper.TestSupport;

/// <summary>
/// A throwaway MIT Kerberos KDC (Debian's krb5-kdc, krb5-admin-server, krb5-user) for one realm, on 127.0.0.1 at a
/// free port, in a private temporary directory: krb5.conf (for clients, servers and the JVM's
/// <c>java.security.krb5.conf</c>) and kdc.conf, a database made with kdb5_util, principals and keytabs made with
/// kadmin.local, and <c>krb5kdc -n</c> running in the foreground as a child process, killed by PID at dispose.
/// </summary>
public sealed class TestKdc : IAsyncDisposable
{
    public const string DefaultRealm = "KEEPER.TEST";

    private const string MasterPassword = "keeper-test-master";
    private ChildProcess? _kdc;

    private TestKdc(string realm)
    {
        Realm = realm;
        Directory = System.IO.Directory.CreateTempSubdirectory("keeper-kdc-").FullName;
    }

    public string Realm { get; }

    /// <summary>The KDC's files; deleted at dispose.</summary>
    public string Directory { get; }

    public int Port { get; private set; }

    /// <summary>krb5.conf naming this KDC (TCP, udp_preference_limit=1), realm <see cref="Realm"/> the default.</summary>
    public string Krb5Conf => Path.Combine(Directory, "krb5.conf");

    private string KdcConf => Path.Combine(Directory, "kdc.conf");

    /// <summary>KRB5_CONFIG and KRB5_KDC_PROFILE for MIT's tools (and clients) to use this KDC only.</summary>
    public IDictionary<string, string> ToolEnvironment => new Dictionary<string, string>
    {
        ["KRB5_CONFIG"] = Krb5Conf,
        ["KRB5_KDC_PROFILE"] = KdcConf,
    };

    public static string KdcBinary => "/usr/sbin/krb5kdc";

    public static string KadminLocal => "/usr/sbin/kadmin.local";

    public static string Kdb5Util => "/usr/sbin/kdb5_util";

    /// <summary>Creates the realm's database and starts the KDC (retrying on another port if the first is taken).</summary>
    public static async Task<TestKdc> StartAsync(string realm = DefaultRealm)
    {
        foreach (var tool in new[] { KdcBinary, KadminLocal, Kdb5Util })
            if (!File.Exists(tool))
                throw new FileNotFoundException($"{tool} was not found: the Kerberos tests need the Debian packages krb5-kdc, krb5-admin-server and krb5-user", tool);
        var kdc = new TestKdc(realm);
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                kdc.Port = FreePort.Next();
                kdc.WriteConfig();
                if (attempt == 1) await kdc.RunToolAsync(Kdb5Util, "create", "-s", "-r", realm, "-P", MasterPassword);
                if (await kdc.LaunchAsync()) return kdc;
                if (attempt == 3) throw new InvalidOperationException($"krb5kdc did not start:\n{kdc._kdc?.Output}");
                await kdc.StopKdcAsync();
            }
        }
        catch
        {
            await kdc.DisposeAsync();
            throw;
        }
    }

    /// <summary>The full name of <paramref name="name"/> in this realm (kept as is if it names a realm).</summary>
    public string Principal(string name) => name.Contains('@') ? name : $"{name}@{Realm}";

    /// <summary>Adds <paramref name="name"/> with a random key and writes its key to a new keytab, whose path is returned.</summary>
    public async Task<string> AddPrincipalWithKeytabAsync(string name)
    {
        await RunKadminAsync($"addprinc -randkey {Principal(name)}");
        return await ExportKeytabAsync(name);
    }

    /// <summary>
    /// Writes <paramref name="name"/>'s key to a new keytab file. kadmin's ktadd draws a new key each time, so any
    /// keytab exported before holds a stale key from then on.
    /// </summary>
    public async Task<string> ExportKeytabAsync(string name)
    {
        var path = Path.Combine(Directory, $"{name.Replace('/', '_').Replace('@', '_')}-{Guid.NewGuid():N}.keytab");
        await RunKadminAsync($"ktadd -k {path} {Principal(name)}");
        return path;
    }

    /// <summary>
    /// Gets <paramref name="name"/> a ticket-granting ticket with <paramref name="keytab"/> into the ticket cache
    /// file <paramref name="cache"/>, valid for <paramref name="lifetimeSeconds"/> (kinit -l).
    /// </summary>
    public Task KinitAsync(string name, string keytab, string cache, int lifetimeSeconds) =>
        RunToolAsync(Kinit, "-k", "-t", keytab, "-l", $"{lifetimeSeconds}s", "-c", "FILE:" + cache, Principal(name));

    public static string Kinit => "/usr/bin/kinit";

    /// <summary>Writes the current keys of <paramref name="names"/> (no new key drawn: kadmin.local's -norandkey) to one new keytab.</summary>
    public async Task<string> ExportCurrentKeysAsync(params string[] names)
    {
        var path = Path.Combine(Directory, $"keys-{Guid.NewGuid():N}.keytab");
        await RunKadminAsync($"ktadd -norandkey -k {path} {string.Join(' ', names.Select(Principal))}");
        return path;
    }

    /// <summary>Limits the tickets issued to <paramref name="name"/> to <paramref name="seconds"/> (kadmin's modprinc -maxlife).</summary>
    public Task SetMaxLifeAsync(string name, int seconds) => RunKadminAsync($"modprinc -maxlife \"{seconds} seconds\" {Principal(name)}");

    /// <summary>The KDC's log (kdc.log) as it is now: one line per request (AS_REQ, TGS_REQ) with its outcome.</summary>
    public string Log()
    {
        var log = Path.Combine(Directory, "kdc.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    public Task DeletePrincipalAsync(string name) => RunKadminAsync($"delprinc -force {Principal(name)}");

    /// <summary>A JAAS Krb5LoginModule entry logging in as <paramref name="principal"/> with <paramref name="keytab"/>.</summary>
    public static string Krb5LoginEntry(string principal, string keytab) => $"""
        com.sun.security.auth.module.Krb5LoginModule required
            useKeyTab=true
            keyTab="{keytab}"
            storeKey=true
            useTicketCache=false
            principal="{principal}";
        """;

    private async Task RunKadminAsync(string query) => await RunToolAsync(KadminLocal, "-r", Realm, "-q", query);

    private async Task RunToolAsync(string tool, params string[] args)
    {
        var result = await Tools.RunAsync(tool, args, timeout: TimeSpan.FromSeconds(60), environment: ToolEnvironment, workingDirectory: Directory);
        // kadmin.local exits 0 even when a query fails; its errors are on stderr with the query's name.
        if (result.ExitCode != 0 || result.StdErr.Contains("while ", StringComparison.Ordinal))
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({result.ExitCode}):\n{result.StdOut}{result.StdErr}");
    }

    private void WriteConfig()
    {
        File.WriteAllText(Krb5Conf, $$"""
            [libdefaults]
                default_realm = {{Realm}}
                dns_lookup_kdc = false
                dns_lookup_realm = false
                dns_canonicalize_hostname = false
                rdns = false
                udp_preference_limit = 1
                ticket_lifetime = 24h
                forwardable = true
            [realms]
                {{Realm}} = {
                    kdc = 127.0.0.1:{{Port}}
                }
            [domain_realm]
                localhost = {{Realm}}
            """);
        File.WriteAllText(KdcConf, $$"""
            [kdcdefaults]
                kdc_listen = 127.0.0.1:{{Port}}
                kdc_tcp_listen = 127.0.0.1:{{Port}}
            [realms]
                {{Realm}} = {
                    database_name = {{Path.Combine(Directory, "principal")}}
                    key_stash_file = {{Path.Combine(Directory, "stash")}}
                    acl_file = {{Path.Combine(Directory, "kadm5.acl")}}
                    kdc_listen = 127.0.0.1:{{Port}}
                    kdc_tcp_listen = 127.0.0.1:{{Port}}
                    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
                }
            [logging]
                kdc = FILE:{{Path.Combine(Directory, "kdc.log")}}
            """);
    }

    private async Task<bool> LaunchAsync()
    {
        _kdc = ChildProcess.Start(KdcBinary, ["-n"], ToolEnvironment, Directory);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && !_kdc.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        return false;
    }

    /// <summary>What the KDC logged (kdc.log and its output), for failure messages.</summary>
    public string Diagnostics()
    {
        var log = Path.Combine(Directory, "kdc.log");
        return $"--- kdc output ---\n{_kdc?.Output}\n--- kdc.log ---\n{(File.Exists(log) ? File.ReadAllText(log) : "")}";
    }

    private async Task StopKdcAsync()
    {
        if (_kdc is not null) await _kdc.DisposeAsync();
        _kdc = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopKdcAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
