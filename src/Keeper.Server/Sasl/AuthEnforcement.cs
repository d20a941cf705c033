using Keeper.Core.Auth;
using Keeper.Protocol.Records;
using Keeper.Server.Config;

namespace Keeper.Server.Sasl;

/// <summary>
/// ZooKeeper 3.8's AuthenticationHelper: with <c>enforce.auth.enabled</c> (or <c>sessionRequireClientSASLAuth</c>,
/// which means "enforce sasl") every request but auth and sasl needs an id of one of the enforced schemes, or the
/// session is closed with SessionClosedRequireSaslAuth.
/// </summary>
internal sealed class AuthEnforcement
{
    public static readonly AuthEnforcement None = new([]);

    private readonly HashSet<string> _schemes;

    private AuthEnforcement(IEnumerable<string> schemes) => _schemes = new HashSet<string>(schemes, StringComparer.Ordinal);

    public bool Enabled => _schemes.Count > 0;

    /// <summary>True when the sasl scheme is enforced: a failed SASL login then closes with SessionClosedRequireSaslAuth.</summary>
    public bool SaslRequired => _schemes.Contains("sasl");

    public IEnumerable<string> Schemes => _schemes.Order(StringComparer.Ordinal);

    public bool IsSatisfiedBy(IEnumerable<Id> ids) => !Enabled || ids.Any(id => _schemes.Contains(id.Scheme));

    /// <summary>The enforcement configured, checked as ZooKeeper checks it at startup (the messages are its own).</summary>
    public static AuthEnforcement From(AuthConfig config, AuthProviders providers)
    {
        List<string> schemes;
        if (config.SessionRequireClientSaslAuth) schemes = ["sasl"];
        else if (!config.EnforceAuthEnabled) return None;
        else
        {
            schemes = (config.EnforceAuthSchemes ?? "").Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            if (schemes.Count == 0)
                throw new InvalidOperationException("zookeeper.enforce.auth.enabled is true zookeeper.enforce.auth.schemes must be configured.");
        }
        foreach (var scheme in schemes)
            if (!providers.IsLoaded(scheme)) throw new InvalidOperationException($"Authentication scheme {scheme} is not available.");
        return new AuthEnforcement(schemes);
    }
}
