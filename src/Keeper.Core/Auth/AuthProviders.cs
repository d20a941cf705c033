namespace Keeper.Core.Auth;

/// <summary>
/// The auth schemes whose providers are loaded: ZooKeeper always loads ip and digest, and others only when an
/// <c>authProvider.N</c> names them. Our x509 is always loaded too (the TLS code has it built in; Apache needs
/// <c>authProvider.N=...X509AuthenticationProvider</c>, see the README's differences). A scheme without a provider makes its ACL ids invalid (InvalidACL) and its
/// caller ids count for nothing when <c>auth:</c> is expanded, as ZooKeeper's ProviderRegistry lookups do.
/// </summary>
public sealed class AuthProviders
{
    /// <summary>Only ip, digest and x509.</summary>
    public static readonly AuthProviders Default = new([]);

    private readonly HashSet<string> _extra;

    public AuthProviders(IEnumerable<string> extraSchemes) => _extra = new HashSet<string>(extraSchemes, StringComparer.Ordinal);

    public bool IsLoaded(string scheme) => scheme is "ip" or "digest" or "x509" || _extra.Contains(scheme);

    /// <summary>Every loaded scheme, for messages.</summary>
    public IEnumerable<string> Schemes => new[] { "ip", "digest", "x509" }.Concat(_extra.Where(s => s != "x509").Order(StringComparer.Ordinal));
}
