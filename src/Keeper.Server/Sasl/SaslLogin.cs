namespace Keeper.Server.Sasl;

/// <summary>
/// The server's DIGEST-MD5 logins, read from the JAAS file's Server section: users and passwords, the super user
/// password, and the ids that become super (ZooKeeper's SaslServerCallbackHandler and isSaslSuperUser).
/// </summary>
internal sealed class SaslLogin(IReadOnlyDictionary<string, string> users, string? superPassword, IReadOnlyCollection<string> superUsers)
{
    public IReadOnlyDictionary<string, string> Users { get; } = users;

    public DigestMd5Server NewExchange() => new(PasswordOf);

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
