namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// The Kerberos settings ZooKeeper and the JVM read from system properties (or zoo.cfg keys): where krb5.conf is and
/// how an authenticated principal becomes a <c>sasl</c> ACL id.
/// </summary>
public sealed record KerberosSettings
{
    /// <summary><c>java.security.krb5.conf</c>: krb5.conf for the JVM; we hand it to libkrb5 as KRB5_CONFIG. Null: KRB5_CONFIG or /etc/krb5.conf.</summary>
    public string? Krb5ConfPath { get; init; }

    /// <summary><c>zookeeper.kerberos.removeHostFromPrincipal</c>: "zookeeper/host@REALM" becomes "zookeeper@REALM".</summary>
    public bool RemoveHostFromPrincipal { get; init; }

    /// <summary><c>zookeeper.kerberos.removeRealmFromPrincipal</c>: "alice@REALM" becomes "alice".</summary>
    public bool RemoveRealmFromPrincipal { get; init; }

    /// <summary><c>zookeeper.security.auth_to_local</c>: the rules that shorten a principal before the two flags above apply.</summary>
    internal AuthToLocalRules AuthToLocal { get; init; } = AuthToLocalRules.Default;
}
