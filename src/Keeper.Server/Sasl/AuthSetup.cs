using Keeper.Core.Auth;
using Keeper.Server.Config;
using Keeper.Server.Hosting;

namespace Keeper.Server.Sasl;

/// <summary>
/// What the server's authentication needs at startup, read and checked before anything listens: the loaded auth
/// providers, the SASL logins and the enforced schemes. A bad JAAS file or enforcement setting stops startup
/// (<see cref="ServerStartException"/>, exit code 1 as ZooKeeper's unexpected-error exit).
/// </summary>
internal sealed record AuthSetup(AuthProviders Providers, SaslLogin? Login, AuthEnforcement Enforcement)
{
    public static AuthSetup Load(AuthConfig config)
    {
        try
        {
            var providers = AuthProviderClasses.Load(config);
            var login = SaslLoginLoader.Load(config, Environment.GetEnvironmentVariable, JavaProperties.Lookup);
            return new AuthSetup(providers, login, AuthEnforcement.From(config, providers));
        }
        catch (Exception e) when (e is ConfigException or InvalidOperationException)
        {
            throw new ServerStartException(ServerStartException.UnexpectedErrorExitCode, e.Message, e);
        }
    }
}
