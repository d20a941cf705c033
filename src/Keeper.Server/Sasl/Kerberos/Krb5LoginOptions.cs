using Keeper.Server.Config;

namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// What every Krb5LoginModule login of ours needs from its JAAS entry, read and checked alike for the client port's
/// acceptor and the quorum learner: <c>principal</c>, <c>useKeyTab=true</c> (Java's login would otherwise prompt for a
/// password, which a server cannot answer) and the <c>keyTab</c> file, with libkrb5 pointed at krb5.conf
/// (<c>-Djava.security.krb5.conf</c>). Errors name the JAAS file and the entry's line.
/// </summary>
internal sealed record Krb5LoginOptions(string Principal, string? Keytab)
{
    /// <summary>libkrb5's name for the keytab (FILE:absolute path), or null for its default keytab.</summary>
    public string? KeytabName => Keytab is null ? null : "FILE:" + Path.GetFullPath(Keytab);

    /// <param name="who">Whose principal it is, for the error ("the server", "the quorum learner").</param>
    /// <param name="example">An example principal for the error when there is none.</param>
    /// <exception cref="ConfigException">An option is missing or names a file that does not exist.</exception>
    /// <exception cref="DllNotFoundException">MIT Kerberos is not installed (the caller says so).</exception>
    public static Krb5LoginOptions Read(string jaasPath, JaasLoginModule module, KerberosSettings settings, string who, string example)
    {
        ConfigException Fail(string why) => new(jaasPath, module.Line, $"{KerberosServerLogin.Krb5LoginModule}: {why}");

        if (!module.Options.TryGetValue("principal", out var principal) || principal.Length == 0)
            throw Fail($"no principal option: {who} needs its principal (e.g. principal=\"{example}\")");
        if (!IsTrue(module, "useKeyTab"))
            throw Fail($"useKeyTab=true is required: {who}'s key comes from a keytab (keyTab=...)");
        module.Options.TryGetValue("keyTab", out var keytab);
        if (keytab is { Length: 0 }) keytab = null;
        if (settings.Krb5ConfPath is { } conf)
        {
            if (!File.Exists(conf)) throw Fail($"java.security.krb5.conf names {conf}, which does not exist");
            Krb5Native.SetNativeEnvironment("KRB5_CONFIG", conf);
        }
        if (keytab is not null && !File.Exists(keytab)) throw Fail($"keyTab {keytab} does not exist");
        return new Krb5LoginOptions(principal, keytab);
    }

    public static bool IsTrue(JaasLoginModule module, string name) =>
        module.Options.TryGetValue(name, out var v) && v.Equals("true", StringComparison.OrdinalIgnoreCase);
}
