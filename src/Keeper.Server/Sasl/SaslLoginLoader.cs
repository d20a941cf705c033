using Keeper.Server.Config;
using Keeper.Server.Logging;

namespace Keeper.Server.Sasl;

/// <summary>
/// Finds and reads the JAAS file at startup, as ZooKeeper's ServerCnxnFactory.configureSaslLogin does: no file
/// named means no SASL; a file that cannot be read or parsed stops startup; a file without the login section
/// means no SASL (ZooKeeper goes on silently; we say so). DigestLoginModule entries give DIGEST-MD5 users; a
/// Krb5LoginModule entry makes every login GSSAPI (see <see cref="Kerberos.KerberosServerLogin"/>); any other module
/// stops startup rather than silently refusing every login.
/// </summary>
internal static class SaslLoginLoader
{
    private static readonly Logger Log = Logging.Log.For(typeof(SaslLoginLoader));

    public const string DigestLoginModule = "org.apache.zookeeper.server.auth.DigestLoginModule";
    private const string UserPrefix = "user_";

    /// <summary>The logins, or null when SASL is not configured. Throws <see cref="ConfigException"/> for a bad file.</summary>
    public static SaslLogin? Load(AuthConfig config, Func<string, string?> environment, Func<string, string?> property)
    {
        if (ReadJaas(config, environment, property) is not { } jaas) return null;
        string path = jaas.FileName;
        if (!jaas.Sections.TryGetValue(config.SaslLoginContext, out var modules) || modules.Count == 0)
        {
            Log.Warn($"No JAAS section '{config.SaslLoginContext}' in {path}: SASL logins are not served");
            return null;
        }
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        JaasLoginModule? krb5 = null;
        foreach (var module in modules)
        {
            if (module.ClassName == Kerberos.KerberosServerLogin.Krb5LoginModule)
            {
                krb5 ??= module;
                continue;
            }
            if (module.ClassName != DigestLoginModule)
                throw new ConfigException(path, module.Line,
                    $"login module {module.ClassName} in section {config.SaslLoginContext} is not supported: only {DigestLoginModule} (DIGEST-MD5) and {Kerberos.KerberosServerLogin.Krb5LoginModule} (GSSAPI) are");
            foreach (var (key, value) in module.Options)
                if (key.StartsWith(UserPrefix, StringComparison.Ordinal)) users[key[UserPrefix.Length..]] = value;
        }
        var superUsers = config.SuperUsers.Values.ToHashSet(StringComparer.Ordinal);
        if (krb5 is not null)
        {
            var kerberos = Kerberos.KerberosServerLogin.Load(path, krb5, config.Kerberos);
            if (users.Count > 0) Log.Warn($"{path}: section {config.SaslLoginContext} has a Krb5LoginModule, so logins are GSSAPI and its DIGEST-MD5 users are not served");
            return new SaslLogin(users, config.SaslSuperPassword, superUsers, kerberos);
        }
        Log.Info($"SASL (DIGEST-MD5) logins from section {config.SaslLoginContext} of {path}: {users.Count} users");
        return new SaslLogin(users, config.SaslSuperPassword, superUsers);
    }

    /// <summary>
    /// The JAAS file <c>java.security.auth.login.config</c> (or <see cref="AuthConfig.JaasEnvironmentVariable"/>) names,
    /// parsed; null when none is named. Throws <see cref="ConfigException"/> for a file that cannot be read or parsed.
    /// </summary>
    public static JaasConfig? ReadJaas(AuthConfig config, Func<string, string?> environment, Func<string, string?> property)
    {
        string? named = config.JaasConfigPath ?? environment(AuthConfig.JaasEnvironmentVariable);
        if (string.IsNullOrEmpty(named)) return null;
        string path = FilePath(named);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, null, $"cannot read the JAAS login configuration (java.security.auth.login.config): {e.Message}", e);
        }
        return JaasConfigParser.Parse(text, path, property);
    }

    // Java takes a URL or a file name, and a leading '=' (override the other configurations) changes nothing here.
    private static string FilePath(string named)
    {
        if (named.StartsWith('=')) named = named[1..];
        if (!named.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return named;
        // file:/path, file:///path or file://host/path (the host is this machine's).
        string rest = named["file:".Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            int slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? "/" : rest[slash..];
        }
        return Uri.UnescapeDataString(rest);
    }
}
