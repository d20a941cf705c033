namespace Keeper.Server.Sasl;

/// <summary>
/// The Java system properties a JAAS file may expand with <c>${name}</c>, taken from the process as a JVM would set
/// them (user.home, user.name, user.dir, java.io.tmpdir, file.separator, path.separator, line.separator).
/// </summary>
internal static class JavaProperties
{
    public static string? Lookup(string name) => name switch
    {
        "user.home" => Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        "user.name" => Environment.UserName,
        "user.dir" => Environment.CurrentDirectory,
        "java.io.tmpdir" => Path.GetTempPath().TrimEnd('/') is { Length: > 0 } tmp ? tmp : "/",
        "file.separator" => "/",
        "path.separator" => ":",
        "line.separator" => "\n",
        _ => null,
    };
}
