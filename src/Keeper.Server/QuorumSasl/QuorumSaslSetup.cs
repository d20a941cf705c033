using Keeper.Server.Config;
using Keeper.Server.Hosting;
using Keeper.Server.Logging;
using Keeper.Server.Sasl;

namespace Keeper.Server.QuorumSasl;

/// <summary>
/// Server-to-server SASL at startup, as QuorumPeer.initialize builds SaslQuorumAuthServer and SaslQuorumAuthLearner
/// whenever quorum.auth.enableSasl is on, whatever the require flags: the JAAS file must have both sections, the
/// server's with <c>user_NAME="password"</c> entries and the learner's with <c>username</c> and <c>password</c>.
/// Anything missing stops startup, as it stops Apache's. Only DigestLoginModule (DIGEST-MD5) is served; Kerberos is not.
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
            var users = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var module in Section(jaas, s.ServerLoginContext))
                foreach (var (key, value) in module.Options)
                    if (key.StartsWith(UserPrefix, StringComparison.Ordinal)) users[key[UserPrefix.Length..]] = value;
            string? user = null, password = null;
            foreach (var module in Section(jaas, s.LearnerLoginContext))
            {
                user ??= module.Options.GetValueOrDefault("username");
                password ??= module.Options.GetValueOrDefault("password");
            }
            if (user is null || password is null)
                throw new ConfigException(jaas.FileName, null, $"JAAS section '{s.LearnerLoginContext}' needs username and password for quorum SASL");
            Log.Info($"Quorum SASL (DIGEST-MD5): learnerRequireSasl={Lower(s.LearnerRequireSasl)}, serverRequireSasl={Lower(s.ServerRequireSasl)}, " +
                $"we log in as '{user}' ({s.LearnerLoginContext}), {users.Count} peer users ({s.ServerLoginContext}) from {jaas.FileName}");
            if (!s.LearnerRequireSasl) Log.Info("Skipping SASL authentication as quorum.auth.learnerRequireSasl=false: we do not authenticate to peers");
            return new QuorumAuth(true, s.LearnerRequireSasl, s.ServerRequireSasl, (user, password), users);
        }
        catch (Exception e) when (e is ConfigException or InvalidOperationException)
        {
            throw new ServerStartException(ServerStartException.UnexpectedErrorExitCode,
                $"Failed to initialize authentication mechanism using SASL (quorum.auth.*): {e.Message}", e);
        }
    }

    private static IReadOnlyList<JaasLoginModule> Section(JaasConfig jaas, string name)
    {
        if (!jaas.Sections.TryGetValue(name, out var modules) || modules.Count == 0)
            throw new ConfigException(jaas.FileName, null,
                $"SASL-authentication failed because the specified JAAS configuration section '{name}' could not be found");
        foreach (var module in modules)
            if (module.ClassName != SaslLoginLoader.DigestLoginModule)
                throw new ConfigException(jaas.FileName, module.Line,
                    $"login module {module.ClassName} in section {name} is not supported for quorum SASL: only {SaslLoginLoader.DigestLoginModule} (DIGEST-MD5) is; Kerberos (GSSAPI) is not");
        return modules;
    }

    private static string Lower(bool b) => b ? "true" : "false";
}
