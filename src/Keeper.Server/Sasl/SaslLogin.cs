namespace Keeper.Server.Sasl;

/// <summary>
/// The server's SASL logins, read from the JAAS file's Server section: DIGEST-MD5 users and passwords, the super user
/// password, and the ids that become super (ZooKeeper's SaslServerCallbackHandler and isSaslSuperUser); or, when the
/// section has a Krb5LoginModule, the server's Kerberos identity, and then every login is GSSAPI (ZooKeeper's server
/// picks GSSAPI whenever its login subject holds a Kerberos principal).
/// </summary>
internal sealed class SaslLogin(
    IReadOnlyDictionary<string, string> users, string? superPassword, IReadOnlyCollection<string> superUsers,
    Kerberos.KerberosServerLogin? kerberos = null)
{
    public IReadOnlyDictionary<string, string> Users { get; } = users;

    /// <summary>The Kerberos identity when logins are GSSAPI; null for DIGEST-MD5.</summary>
    public Kerberos.KerberosServerLogin? Kerberos { get; } = kerberos;

    public ISaslServerExchange NewExchange() => Kerberos is { } k ? k.NewExchange() : new DigestMd5Server(PasswordOf);

    /// <summary>
    /// A JAAS user's password; for "super", <c>zookeeper.SASLAuthenticationProvider.superPassword</c> when given
    /// (the user must still be in the file, as in ZooKeeper).
    /// </summary>
    public string? PasswordOf(string user)
    {
        if (!Users.TryGetValue(user, out var password)) return null;
        return user == "super" && superPassword is not null ? superPassword : password;
    }

    /// <summary><c>zookeeper.superUser</c> (or any <c>zookeeper.superUser.*</c>) names this id.</summary>
    public bool IsSuperUser(string id) => id.Length > 0 && superUsers.Contains(id);
}
