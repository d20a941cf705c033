using Keeper.Server.Config;

namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// The server's Kerberos identity from a JAAS <c>com.sun.security.auth.module.Krb5LoginModule</c> entry, as ZooKeeper's
/// server logs in with it: <c>principal</c> (service/host@REALM) and the key in <c>keyTab</c> (<c>useKeyTab=true</c>).
/// At startup libkrb5 is pointed at krb5.conf (<c>-Djava.security.krb5.conf</c>) and at an in-memory copy of the
/// principal's keys from the keytab (KRB5_KTNAME), so only tickets for that principal are accepted; the
/// keytab must hold the principal's key, and unless <c>isInitiator=false</c> the KDC must give it a ticket: Java's
/// login fails otherwise and ZooKeeper exits, and so do we.
/// </summary>
internal sealed class KerberosServerLogin
{
    public const string Krb5LoginModule = "com.sun.security.auth.module.Krb5LoginModule";

    private static readonly Logging.Logger Log = Logging.Log.For(typeof(KerberosServerLogin));

    // MEMORY:keeper-acceptor: the in-memory keytab libkrb5's acceptor reads (KRB5_KTNAME); open for the server's life.
    private const string AcceptorKeytabName = "keeper-acceptor";

    private readonly KerberosSettings _settings;
    private readonly IDisposable _acceptorKeys; // held, never read: closing it would empty the acceptor's keytab

    private KerberosServerLogin(string principal, string? keytab, string? defaultRealm, KerberosSettings settings, IDisposable acceptorKeys)
    {
        _acceptorKeys = acceptorKeys;
        Principal = principal;
        Keytab = keytab;
        DefaultRealm = defaultRealm;
        _settings = settings;
    }

    public string Principal { get; }

    /// <summary>The keytab file; null: libkrb5's default (KRB5_KTNAME or krb5.conf's default_keytab_name).</summary>
    public string? Keytab { get; }

    /// <summary>krb5.conf's default realm (KerberosName's DEFAULT rule needs it); null when there is none.</summary>
    public string? DefaultRealm { get; }

    /// <summary>The JAAS <c>storeKey</c> option: without it no login can be accepted (see <see cref="RefusedExchange"/>).</summary>
    public bool StoreKey { get; private init; }

    public ISaslServerExchange NewExchange() => StoreKey
        ? new GssapiServer(principal => KerberosPrincipalId.Of(principal, DefaultRealm, _settings))
        : new RefusedExchange($"GSSAPI: the JAAS login of {Principal} has no storeKey=true, so the server keeps no key to accept tickets with");

    /// <summary>Reads the module's options and prepares libkrb5. Throws <see cref="ConfigException"/> when the server cannot log in.</summary>
    public static KerberosServerLogin Load(string jaasPath, JaasLoginModule module, KerberosSettings settings)
    {
        ConfigException Fail(string why) => new(jaasPath, module.Line, $"{Krb5LoginModule}: {why}");
        try
        {
            var options = Krb5LoginOptions.Read(jaasPath, module, settings, "the server", "zookeeper/host@REALM");
            var (principal, keytab, keytabName) = (options.Principal, options.Keytab, options.KeytabName);
            bool storeKey = Krb5LoginOptions.IsTrue(module, "storeKey");
            if (!storeKey)
                Log.Warn($"{jaasPath}:{module.Line}: storeKey is not true, so (as in ZooKeeper) the server keeps no key and every GSSAPI login fails");
            // isInitiator (true unless set false) makes Java's login get a ticket-granting ticket from the KDC at startup.
            bool askKdc = !(module.Options.TryGetValue("isInitiator", out var initiator) && initiator.Equals("false", StringComparison.OrdinalIgnoreCase));
            if (Krb5Native.LoginProblem(keytabName, principal, askKdc) is { } problem)
                throw Fail($"the server cannot log in as {principal}: {problem}");
            // The acceptor sees only this principal's keys, as Java's (whose login subject holds just that principal).
            var acceptorKeys = Krb5Native.AcceptorKeytab(keytabName, principal, AcceptorKeytabName, out var copyError)
                ?? throw Fail($"cannot prepare the acceptor's keys for {principal}: {copyError}");
            Krb5Native.SetNativeEnvironment("KRB5_KTNAME", "MEMORY:" + AcceptorKeytabName);
            string? realm = Krb5Native.DefaultRealm(out var realmError);
            if (realm is null) Log.Warn($"Kerberos has no default realm ({realmError}): every principal's full name is its sasl id");
            Log.Info($"SASL (GSSAPI) logins as {principal} with keytab {keytab ?? "(default)"}; default realm {realm ?? "(none)"}");
            return new KerberosServerLogin(principal, keytab, realm, settings, acceptorKeys) { StoreKey = storeKey };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw Fail($"MIT Kerberos (libkrb5.so.3, libgssapi_krb5.so.2) is not installed: {e.Message}");
        }
    }
}
