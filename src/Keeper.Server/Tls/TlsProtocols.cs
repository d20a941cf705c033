using System.Security.Authentication;
using Keeper.Server.Config;

namespace Keeper.Server.Tls;

/// <summary>Java's protocol names (<c>ssl.protocol</c>, <c>ssl.enabledProtocols</c>) and what SslStream calls them.</summary>
internal static class TlsProtocols
{
    public static string Check(ConfigValue v, string name) =>
        ToSslProtocols(name) is not null
            ? name
            : throw v.Fail($"'{name}' is not a supported TLS protocol (TLSv1.2, TLSv1.3, or TLS for both)");

    /// <summary>Java's "TLS" context enables every version it supports; here that means 1.2 and 1.3.</summary>
    public static SslProtocols? ToSslProtocols(string name) => name switch
    {
        "TLSv1.2" => SslProtocols.Tls12,
        "TLSv1.3" => SslProtocols.Tls13,
        "TLS" => SslProtocols.Tls12 | SslProtocols.Tls13,
        _ => null,
    };

    /// <summary>The name Java gives a negotiated protocol (as Apache logs it).</summary>
    public static string JavaName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls12 => "TLSv1.2",
        SslProtocols.Tls13 => "TLSv1.3",
        _ => protocol.ToString(),
    };

    /// <summary>As SSLContextAndOptions: the enabled list if given, else just the context's protocol.</summary>
    public static SslProtocols Enabled(TlsSettings tls)
    {
        var result = SslProtocols.None;
        foreach (var name in tls.EnabledProtocols ?? [tls.Protocol])
            result |= ToSslProtocols(name) ?? SslProtocols.None;
        return result;
    }
}
