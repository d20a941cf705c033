using Keeper.Server.Config;
using Keeper.Server.QuorumSasl;

namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// A quorum learner's Kerberos identity from the JAAS QuorumLearner section's Krb5LoginModule (<c>principal</c>,
/// <c>useKeyTab=true</c>, <c>keyTab</c>), as SaslQuorumAuthLearner logs in with it. At startup the keytab must hold
/// the principal's key and the KDC must give it a ticket (Java's login gets one, and a failure stops Apache), then
/// the GSS-API initiator is given this identity only: a process-private in-memory client keytab with just the
/// principal's keys (KRB5_CLIENT_KTNAME) and an in-memory ticket cache owned by the principal (KRB5CCNAME), so
/// MIT's GSS-API gets the tickets from the keytab itself and gets new ones before they expire (as Java's Login
/// thread renews them), and whatever ticket cache the user running the server has is never used.
/// </summary>
internal sealed class KerberosLearnerLogin
{
    private static readonly Logging.Logger Log = Logging.Log.For(typeof(KerberosLearnerLogin));

    private const string ClientKeytabName = "keeper-quorum-learner";
    private const string CacheName = "keeper-quorum-learner";

    private readonly string _servicePrincipal;
    private readonly IDisposable[] _held; // never read: closing them would empty the keytab and cache

    private KerberosLearnerLogin(string principal, string servicePrincipal, IDisposable[] held)
    {
        Principal = principal;
        _servicePrincipal = servicePrincipal;
        _held = held;
    }

    public string Principal { get; }

    /// <summary>A GSSAPI login to the peer dialled at <paramref name="host"/>.</summary>
    public ISaslClientExchange NewExchange(string host)
    {
        // GSS-API finds the service's realm itself (krb5.conf's domain_realm, else the default realm).
        var target = QuorumServicePrincipal.SplitRealm(QuorumServicePrincipal.For(_servicePrincipal, host)).Target;
        return new GssapiClient(target, Principal);
    }

    /// <summary>Reads the module's options and prepares libkrb5. Throws <see cref="ConfigException"/> when the learner cannot log in.</summary>
    public static KerberosLearnerLogin Load(string jaasPath, JaasLoginModule module, KerberosSettings settings, string servicePrincipal)
    {
        ConfigException Fail(string why) => new(jaasPath, module.Line, $"{KerberosServerLogin.Krb5LoginModule}: {why}");
        try
        {
            var options = Krb5LoginOptions.Read(jaasPath, module, settings, "the quorum learner", "zkquorum/host@REALM");
            var (principal, keytab, keytabName) = (options.Principal, options.Keytab, options.KeytabName);
            if (Krb5Native.LoginProblem(keytabName, principal, askKdc: true) is { } problem)
                throw Fail($"the quorum learner cannot log in as {principal}: {problem}");
            var keys = Krb5Native.AcceptorKeytab(keytabName, principal, ClientKeytabName, out var copyError)
                ?? throw Fail($"cannot prepare the quorum learner's keys for {principal}: {copyError}");
            var cache = Krb5Native.InitiatorCache(principal, CacheName, out var cacheError);
            if (cache is null)
            {
                keys.Dispose();
                throw Fail($"cannot prepare the quorum learner's ticket cache for {principal}: {cacheError}");
            }
            Krb5Native.SetNativeEnvironment("KRB5_CLIENT_KTNAME", "MEMORY:" + ClientKeytabName);
            Krb5Native.SetNativeEnvironment("KRB5CCNAME", "MEMORY:" + CacheName);
            Log.Info($"Quorum learner SASL (GSSAPI) as {principal} with keytab {keytab ?? "(default)"}, to {servicePrincipal}");
            return new KerberosLearnerLogin(principal, servicePrincipal, [keys, cache]);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw Fail($"MIT Kerberos (libkrb5.so.3, libgssapi_krb5.so.2) is not installed: {e.Message}");
        }
    }
}
