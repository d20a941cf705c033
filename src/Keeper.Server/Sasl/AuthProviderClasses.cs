using Keeper.Core.Auth;
using Keeper.Server.Config;
using Keeper.Server.Logging;

namespace Keeper.Server.Sasl;

/// <summary>
/// Maps <c>authProvider.N</c> class names to the schemes we implement. ZooKeeper logs a class it cannot load and
/// goes on without it; so do we, in one line.
/// </summary>
internal static class AuthProviderClasses
{
    private static readonly Logger Log = Logging.Log.For(typeof(AuthProviderClasses));

    private static readonly Dictionary<string, string> SchemeOf = new(StringComparer.Ordinal)
    {
        ["org.apache.zookeeper.server.auth.SASLAuthenticationProvider"] = "sasl",
        ["org.apache.zookeeper.server.auth.X509AuthenticationProvider"] = "x509",
        ["org.apache.zookeeper.server.auth.DigestAuthenticationProvider"] = "digest",
        ["org.apache.zookeeper.server.auth.IPAuthenticationProvider"] = "ip",
    };

    public static AuthProviders Load(AuthConfig config)
    {
        var schemes = new List<string>();
        foreach (var (key, className) in config.ProviderClasses)
        {
            if (SchemeOf.TryGetValue(className, out var scheme)) schemes.Add(scheme);
            else Log.Warn($"Problems loading {className} (zookeeper.{key}): no such auth provider here; its scheme is not available");
        }
        return new AuthProviders(schemes);
    }
}
