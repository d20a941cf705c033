namespace Keeper.Server.Tls;

/// <summary>
/// ZooKeeper's KeyStoreFileType: the <c>.type</c> key's value (JKS, PEM, PKCS12; case-insensitive) or, when it is not
/// given, the file's extension (<c>.jks</c>, <c>.pem</c>, <c>.p12</c>; we also take <c>.pfx</c>).
/// </summary>
internal static class KeyStoreFormats
{
    public const string Jks = "JKS";
    public const string Pem = "PEM";
    public const string Pkcs12 = "PKCS12";

    public static string? FromTypeName(string name) => name.ToUpperInvariant() switch
    {
        Jks => Jks,
        Pem => Pem,
        Pkcs12 => Pkcs12,
        _ => null,
    };

    /// <summary>The store's format, or an error message naming the file when neither the type nor the name tells.</summary>
    public static string Of(StoreFile store)
    {
        if (store.Type is { } type) return type;
        return Path.GetExtension(store.Location).ToLowerInvariant() switch
        {
            ".jks" => Jks,
            ".pem" => Pem,
            ".p12" or ".pfx" => Pkcs12,
            _ => throw new TlsSetupException($"Unable to auto-detect store file type from file name: {store.Location} (set the .type key to JKS, PEM or PKCS12)"),
        };
    }
}

/// <summary>A key or trust store that cannot be used; the message names the file and the reason.</summary>
public sealed class TlsSetupException(string message, Exception? inner = null) : Exception(message, inner);
