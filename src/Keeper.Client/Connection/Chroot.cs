namespace Keeper.Client.Connection;

/// <summary>
/// The chroot lives only in the client (the server never hears of it): every outgoing path gets it
/// prepended and every path that comes back has it stripped, as Java's prependChroot/stripChroot do.
/// </summary>
internal sealed class Chroot(string? root)
{
    public string? Root { get; } = root;

    public string Prepend(string clientPath)
    {
        if (Root is null) return clientPath;
        // "/" inside the chroot is the chroot node itself, not "/chroot/".
        return clientPath.Length == 1 && clientPath[0] == '/' ? Root : Root + clientPath;
    }

    public string Strip(string serverPath)
    {
        if (Root is null) return serverPath;
        if (!serverPath.StartsWith(Root, StringComparison.Ordinal)) return serverPath;
        if (serverPath.Length == Root.Length) return "/";
        // "/chrootx" is not under "/chroot": only strip at a path boundary.
        return serverPath[Root.Length] == '/' ? serverPath[Root.Length..] : serverPath;
    }
}
