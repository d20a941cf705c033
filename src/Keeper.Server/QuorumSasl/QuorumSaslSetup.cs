using Keeper.Server.Config;
using Keeper.Server.Hosting;
using Keeper.Server.Logging;
using Keeper.Server.Sasl;
using Keeper.Server.Sasl.Kerberos;

namespace Keeper.Server.QuorumSasl;

/// <summary>
/// Server-to-server SASL at startup, as QuorumPeer.initialize builds SaslQuorumAuthServer and SaslQuorumAuthLearner
/// whenever quorum.auth.enableSasl is on, whatever the require flags: the JAAS file must have both sections, the
/// server's with <c>user_NAME="password"</c> entries (DIGEST-MD5) or a Krb5LoginModule (GSSAPI, see
/// <see cref="KerberosServerLogin"/>), the learner's with <c>username</c> and <c>password</c> or a Krb5LoginModule (see
/// <see cref="KerberosLearnerLogin"/>). Anything missing, or a Kerberos login that fails, stops startup, as it stops Apache's.
/// </summary>
internal static class QuorumSaslSetup
{
    private static readonly Logger Log = Logging.Log.For(typeof(QuorumSaslSetup));
    private const string UserPrefix = "user_";

    public static QuorumAuth Load(ServerConfig config) =>
        Load(config, Environment.GetEnvironmentVariable, JavaProperties.Lookup);

    public static QuorumAuth Load(ServerConfig config, Func<string, string?> environment, Func<string, string?> property)
    {
        var s = config.QuorumSasl;
        if (!config.IsDistributed || !s.EnableSasl) return QuorumAuth.Off;
        try
        {
            var jaas = SaslLoginLoader.ReadJaas(config.Auth, environment, property)
                ?? throw new InvalidOperationException("quorum.auth.enableSasl=true but no JAAS file is named (java.security.auth.login.config)");
            var (newServer, serverSays) = ServerSide(config, jaas);
            var (newLearner, learnerSays, refusalHint) = LearnerSide(config, jaas);
            Log.Info($"Quorum SASL: learnerRequireSasl={Lower(s.LearnerRequireSasl)}, serverRequireSasl={Lower(s.ServerRequireSasl)}, " +
                $"{learnerSays} ({s.LearnerLoginContext}), {serverSays} ({s.ServerLoginContext}) from {jaas.FileName}");
            if (!s.LearnerRequireSasl) Log.Info("Skipping SASL authentication as quorum.auth.learnerRequireSasl=false: we do not authenticate to peers");
            return new QuorumAuth(true, s.LearnerRequireSasl, s.ServerRequireSasl, newLearner, newServer, refusalHint);
        }
        catch (Exception e) when (e is ConfigException or InvalidOperationException)
        {
            throw new ServerStartException(ServerStartException.UnexpectedErrorExitCode,
                $"Failed to initialize authentication mechanism using SASL (quorum.auth.*): {e.Message}", e);
        }
    }

    private const string KerberosRefusalHint = "our principal is not authorised there, or its key cannot accept our ticket";

    // The QuorumServer section: Krb5LoginModule makes peers' logins GSSAPI, checked against the ensemble's hosts; else DIGEST-MD5 users.
    private static (Func<ISaslServerExchange>, string) ServerSide(ServerConfig config, JaasConfig jaas)
    {
        var modules = Section(jaas, config.QuorumSasl.ServerLoginContext);
        if (modules.FirstOrDefault(m => m.ClassName == KerberosServerLogin.Krb5LoginModule) is { } kerberos)
        {
            var login = KerberosServerLogin.Load(jaas.FileName, kerberos, config.Auth.Kerberos);
            // QuorumPeer.initialize: the authorised hosts are those of the server lines (as written there).
            var hosts = config.Servers.Select(server => server.Host).ToHashSet(StringComparer.Ordinal);
            Func<ISaslServerExchange> exchange = login.StoreKey
                ? () => new QuorumKerberosServerExchange(new GssapiServer(principal => principal), hosts)
                : login.NewExchange;
            return (exchange, $"peers log in with GSSAPI to {login.Principal} from hosts {string.Join(", ", hosts.Order(StringComparer.Ordinal))}");
        }
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var module in modules)
            foreach (var (key, value) in module.Options)
                if (key.StartsWith(UserPrefix, StringComparison.Ordinal)) users[key[UserPrefix.Length..]] = value;
        return (QuorumAuth.DigestServer(users), $"{users.Count} peer users (DIGEST-MD5)");
    }

    // The QuorumLearner section: Krb5LoginModule makes our logins GSSAPI to quorum.auth.kerberos.servicePrincipal; else DIGEST-MD5.
    private static (Func<string, ISaslClientExchange>, string, string RefusalHint) LearnerSide(ServerConfig config, JaasConfig jaas)
    {
        var s = config.QuorumSasl;
        var modules = Section(jaas, s.LearnerLoginContext);
        if (modules.FirstOrDefault(m => m.ClassName == KerberosServerLogin.Krb5LoginModule) is { } kerberos)
        {
            var login = KerberosLearnerLogin.Load(jaas.FileName, kerberos, config.Auth.Kerberos, s.KerberosServicePrincipal);
            return (login.NewExchange, $"we log in with GSSAPI as {login.Principal} to {s.KerberosServicePrincipal}", KerberosRefusalHint);
        }
        string? user = null, password = null;
        foreach (var module in modules)
        {
            user ??= module.Options.GetValueOrDefault("username");
            password ??= module.Options.GetValueOrDefault("password");
        }
        if (user is null || password is null)
            throw new ConfigException(jaas.FileName, null, $"JAAS section '{s.LearnerLoginContext}' needs username and password for quorum SASL");
        return (_ => new DigestMd5Client(user, password, DigestMd5Service.Quorum), $"we log in as '{user}' (DIGEST-MD5)", QuorumAuth.DigestRefusalHint);
    }

    private static IReadOnlyList<JaasLoginModule> Section(JaasConfig jaas, string name)
    {
        if (!jaas.Sections.TryGetValue(name, out var modules) || modules.Count == 0)
            throw new ConfigException(jaas.FileName, null,
                $"SASL-authentication failed because the specified JAAS configuration section '{name}' could not be found");
        foreach (var module in modules)
            if (module.ClassName is not (SaslLoginLoader.DigestLoginModule or KerberosServerLogin.Krb5LoginModule))
                throw new ConfigException(jaas.FileName, module.Line,
                    $"login module {module.ClassName} in section {name} is not supported for quorum SASL: only {SaslLoginLoader.DigestLoginModule} (DIGEST-MD5) and {KerberosServerLogin.Krb5LoginModule} (GSSAPI) are");
        return modules;
    }

    private static string Lower(bool b) => b ? "true" : "false";
}
